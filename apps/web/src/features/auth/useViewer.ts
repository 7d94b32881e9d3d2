import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import type { RouterOutputs } from '@plastic-crack/api-contract';
import { useToast } from '../../components/ui/Toast.tsx';
import { describeError } from '../../lib/errors.ts';
import { trpc, viewerQueryKey } from '../../lib/trpc.ts';
import { noteIntendedSignOut } from './session-events.ts';

/** The signed-in account as `auth.me` returns it. */
export type Viewer = NonNullable<RouterOutputs['auth']['me']>;

export type ViewerStatus = 'loading' | 'signed-in' | 'signed-out' | 'error';

/**
 * Who is signed in, from `auth.me` (one shared query). `error` only when the very first answer
 * failed: after that the last known account is kept while a refresh fails.
 */
export function useViewer() {
  const query = trpc.auth.me.useQuery(undefined, { staleTime: 60_000 });
  const viewer: Viewer | null = query.data ?? null;
  const status: ViewerStatus =
    query.data !== undefined ? (viewer ? 'signed-in' : 'signed-out') : query.isError ? 'error' : 'loading';
  return {
    viewer,
    status,
    isAdmin: viewer?.isAdmin ?? false,
    error: query.error,
    refetch: query.refetch,
    isFetching: query.isFetching,
  };
}

const isViewerKey = (queryKey: readonly unknown[]) => {
  const [path] = queryKey;
  return Array.isArray(path) && path[0] === 'auth' && path[1] === 'me';
};

/** After sign-in or sign-up: the account becomes the viewer, and every other cached answer is refetched as them. */
export function useAcceptSession() {
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  return useCallback(
    (account: Viewer) => {
      utils.auth.me.setData(undefined, account);
      void queryClient.invalidateQueries({ predicate: (query) => !isViewerKey(query.queryKey) });
    },
    [queryClient, utils],
  );
}

/** Signs out, forgets everything fetched as the user, and goes home. */
export function useSignOut() {
  const mutation = trpc.auth.signOut.useMutation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();

  const signOut = useCallback(async () => {
    noteIntendedSignOut();
    try {
      await mutation.mutateAsync();
    } catch (error) {
      // Already signed out (the session had ended): carry on as if it had worked.
      if (describeError(error).kind !== 'unauthorized') {
        toast.show({ tone: 'danger', title: "Couldn't sign out", description: describeError(error).message });
        return;
      }
    }
    navigate('/', { replace: true });
    queryClient.setQueryData(viewerQueryKey(), null);
    queryClient.removeQueries({
      predicate: (query) => !isViewerKey(query.queryKey) && !isPublicKey(query.queryKey),
    });
    toast.show({ tone: 'success', title: 'Signed out', description: 'See you at the painting table.' });
  }, [mutation, navigate, queryClient, toast]);

  return { signOut, pending: mutation.isPending };
}

/** Answers that do not depend on who asks, kept across sign-out (the footer's status light). */
function isPublicKey(queryKey: readonly unknown[]): boolean {
  const [path] = queryKey;
  return (
    Array.isArray(path) &&
    (path[0] === 'health' || (path[0] === 'auth' && path[1] === 'oauth' && path[2] === 'providers'))
  );
}

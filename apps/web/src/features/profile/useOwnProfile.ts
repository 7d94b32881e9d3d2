import type { ProfileUpdateInput, RouterOutputs } from '@plastic-crack/api-contract';
import { useToast } from '../../components/ui/Toast.tsx';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';

export type OwnProfile = RouterOutputs['profile']['me'];

/** The signed-in user's whole profile; every settings section shares this one query. */
export function useOwnProfile() {
  return trpc.profile.me.useQuery(undefined, { staleTime: 60_000 });
}

/**
 * Saves part of the profile: the answer replaces the cached profile, the public page is refetched,
 * and a toast says it worked. Errors are left to the form (field messages) via `onError`.
 */
export function useUpdateProfile(successTitle = 'Saved') {
  const utils = trpc.useUtils();
  const toast = useToast();
  const mutation = trpc.profile.update.useMutation({
    onSuccess: (profile) => {
      utils.profile.me.setData(undefined, profile);
      void utils.profile.byUsername.invalidate({ username: profile.username });
      toast.show({ tone: 'success', title: successTitle });
    },
  });
  return {
    save: (
      input: ProfileUpdateInput,
      options?: { onError?: (error: unknown) => void; onSuccess?: (profile: OwnProfile) => void },
    ) =>
      mutation.mutate(input, {
        onSuccess: options?.onSuccess,
        onError: (error) => {
          if (options?.onError) options.onError(error);
          else
            toast.show({ tone: 'danger', title: "Couldn't save", description: describeError(error).message });
        },
      }),
    pending: mutation.isPending,
  };
}

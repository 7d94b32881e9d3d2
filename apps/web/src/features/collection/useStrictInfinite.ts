import type { RouterInputs } from '@plastic-crack/api-contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';
import { trpc } from '../../lib/trpc.ts';

// tRPC's useInfiniteQuery adds `direction` to the input, which the collection's strict schemas
// refuse ("Unrecognized key"). These hooks page with the cursor themselves, under the same keys,
// so `utils.collection.list.invalidate()` still reaches them.

type ListInput = Omit<RouterInputs['collection']['list'], 'cursor'>;
type SessionsInput = Omit<RouterInputs['collection']['sessions']['list'], 'cursor'>;

export function useCollectionList(input: ListInput) {
  const utils = trpc.useUtils();
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.collection.list, input, 'infinite'),
    queryFn: ({ pageParam }) =>
      utils.client.collection.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function usePaintingSessions(input: SessionsInput) {
  const utils = trpc.useUtils();
  return useInfiniteQuery({
    queryKey: getQueryKey(trpc.collection.sessions.list, input, 'infinite'),
    queryFn: ({ pageParam }) =>
      utils.client.collection.sessions.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

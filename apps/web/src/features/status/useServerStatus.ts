import { trpc } from '../../lib/trpc.ts';
import { overallHealth } from './status-model.ts';

export const STATUS_REFRESH_MS = 10_000;

/**
 * The API's health, refreshed every 10 s. The footer dot and the status page share this one
 * query (same key), so they never disagree and never double the requests.
 */
export function useServerStatus() {
  const query = trpc.health.status.useQuery(undefined, {
    refetchInterval: STATUS_REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 5_000,
    // Fail fast: an unreachable API should show as such within seconds, and the interval retries anyway.
    retry: 1,
    retryDelay: 1_000,
  });
  return { ...query, health: overallHealth(query.data, query.isError) };
}

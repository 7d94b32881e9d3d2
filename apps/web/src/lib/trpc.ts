import { MutationCache, QueryCache, QueryClient, type QueryKey } from '@tanstack/react-query';
import { createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import { createTRPCReact, getQueryKey } from '@trpc/react-query';
import type { AppRouter } from '@plastic-crack/api-contract';
import { describeError, httpStatusOf } from './errors.ts';

export const trpc = createTRPCReact<AppRouter>();

/** The API refuses batches of more than 20 calls (TRANSPORT_LIMITS.maxBatchSize). */
const MAX_BATCH_ITEMS = 20;

function webSocketUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/trpc`;
}

/** 0.5 s, 1 s, 2 s … capped at 30 s, with jitter so a restarted server is not hit by every tab at once. */
export function reconnectDelayMs(attemptIndex: number): number {
  const base = Math.min(500 * 2 ** attemptIndex, 30_000);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

export function createTrpcClient() {
  // Lazy: no socket is opened until a page subscribes, and it closes again when none is left.
  const wsClient = createWSClient({
    url: webSocketUrl,
    lazy: { enabled: true, closeMs: 10_000 },
    retryDelayMs: reconnectDelayMs,
    keepAlive: { enabled: true, intervalMs: 25_000, pongTimeoutMs: 5_000 },
  });

  const client = trpc.createClient({
    links: [
      splitLink({
        condition: (operation) => operation.type === 'subscription',
        true: wsLink<AppRouter>({ client: wsClient }),
        false: httpBatchLink({
          url: '/trpc',
          maxItems: MAX_BATCH_ITEMS,
          maxURLLength: 4_000,
          // The session cookie travels with every call.
          fetch: (url, options) => fetch(url, { ...options, credentials: 'include' }),
        }),
      }),
    ],
  });

  return { client, wsClient };
}

/** Retry what may succeed on a second try (network trouble, 5xx); a 4xx answer will not change. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 3) return false;
  const status = httpStatusOf(error);
  if (status === undefined) return describeError(error).kind === 'network';
  return status >= 500;
}

/** The key of `auth.me`, the one query that says who is signed in. */
export const viewerQueryKey = (): QueryKey => getQueryKey(trpc.auth.me, undefined, 'query');

function isViewerQuery(queryKey: QueryKey): boolean {
  const [path] = queryKey;
  return Array.isArray(path) && path[0] === 'auth' && path[1] === 'me';
}

export function createQueryClient(): QueryClient {
  // A 401 from anything means the session ended (expired, revoked elsewhere, account deactivated):
  // ask `auth.me` again, and the app follows the answer (guards redirect, the top bar updates).
  const onUnauthorized = (error: unknown, queryKey?: QueryKey) => {
    if (httpStatusOf(error) !== 401 || (queryKey && isViewerQuery(queryKey))) return;
    void queryClient.invalidateQueries({ queryKey: viewerQueryKey() });
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onUnauthorized(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onUnauthorized(error) }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(1_000 * 2 ** attempt, 15_000),
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: true,
      },
      // A write is not repeated behind the user's back; the form offers "try again" instead.
      mutations: { retry: false },
    },
  });
  return queryClient;
}

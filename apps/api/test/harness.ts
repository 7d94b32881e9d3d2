import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@plastic-crack/db/testing';
import { createTRPCClient, createWSClient, httpBatchLink, wsLink, type TRPCClient } from '@trpc/client';
import { WebSocket } from 'ws';
import type { Services } from '../src/context.ts';
import { parseEnv } from '../src/env.ts';
import { RATE_RULE_NAMES, type RateLimitOptions } from '../src/infra/rate-limit.ts';
import { createApiServer, type ApiServer } from '../src/http/server.ts';
import type { AppRouter } from '../src/router.ts';
import { closeServices, createServices } from '../src/services.ts';
import { testEnv } from './test-env.ts';

export interface TestApi {
  url: string;
  wsUrl: string;
  origin: string;
  services: Services;
  database: TestDatabase;
  api: ApiServer;
  /** A typed HTTP client; `headers` lets a test act as a browser (cookie) or another client (bearer). */
  client(headers?: () => Record<string, string>): TRPCClient<AppRouter>;
  /** A typed WebSocket client; close it with `close()`. */
  wsClient(options?: { headers?: Record<string, string> }): {
    client: TRPCClient<AppRouter>;
    close(): Promise<void>;
  };
  close(): Promise<void>;
}

/** Tests sign many users up from one address: limits stay out of the way unless a test sets its own. */
const RELAXED_RATE_RULES = Object.fromEntries(
  RATE_RULE_NAMES.map((name) => [name, { points: 1_000_000, durationSeconds: 60 }]),
);

/**
 * The real API on a random port over its own freshly migrated database, with Redis when the
 * machine configures REDIS_URL (tests that need Redis require it).
 */
export async function startTestApi(
  overrides: Record<string, string> = {},
  options: { rateLimits?: RateLimitOptions } = {},
): Promise<TestApi> {
  const database = await createTestDatabase();
  const port = await reservePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = parseEnv({ ...testEnv(), PUBLIC_ORIGIN: origin, PORT: String(port), ...overrides });
  const services = createServices(env, database.url, {
    db: database.db,
    // Each test API counts in its own Redis keys, so files running in parallel never share limits.
    rateLimits: {
      keyPrefix: options.rateLimits?.keyPrefix ?? `rl:${database.name}`,
      rules: { ...RELAXED_RATE_RULES, ...options.rateLimits?.rules },
    },
  });
  const api = createApiServer(services);
  await api.ready;
  await new Promise<void>((resolve) => api.server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  const wsUrl = `${url.replace('http', 'ws')}/trpc`;
  const sockets = new Set<{ close(): Promise<void> }>();

  return {
    url,
    wsUrl,
    origin,
    services,
    database,
    api,
    client(headers = () => ({})) {
      return createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: `${url}/trpc`, headers: () => ({ origin, ...headers() }) })],
      });
    },
    wsClient(options = {}) {
      const socket = createWSClient({
        url: wsUrl,
        WebSocket: class extends WebSocket {
          constructor(address: string | URL) {
            super(address, { headers: { origin, ...options.headers } });
          }
        } as unknown as typeof globalThis.WebSocket,
        retryDelayMs: () => 50,
      });
      const handle = {
        client: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }),
        close: () => socket.close(),
      };
      sockets.add(handle);
      return handle;
    },
    async close() {
      await Promise.all([...sockets].map((socket) => socket.close()));
      await api.close();
      await closeServices(services);
      await database.drop();
    },
  };
}

async function reservePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

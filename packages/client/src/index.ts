import type { AppRouter } from '@plastic-crack/api-contract';
import { createTRPCClient, createWSClient, httpBatchLink, wsLink, type TRPCClient } from '@trpc/client';
import { WebSocket } from 'ws';

/**
 * A typed client for services and scripts (no browser, no cookies): it signs in for a short-lived
 * access token and a rotating refresh token, and calls the API over HTTP and the WebSocket with it.
 */
export interface InternalClient {
  http: TRPCClient<AppRouter>;
  ws: TRPCClient<AppRouter>;
  close(): Promise<void>;
}

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: Date | string;
  refreshToken: string;
}

export async function issueTokens(baseUrl: string, identifier: string, password: string): Promise<Tokens> {
  const anonymous = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${baseUrl}/trpc` })] });
  return anonymous.auth.token.issue.mutate({
    identifier,
    password,
    device: { deviceId: 'internal-client', platform: 'web', appVersion: '1.0.0' },
  });
}

export function createInternalClient(baseUrl: string, accessToken: string): InternalClient {
  const authorization = { authorization: `Bearer ${accessToken}` };
  const socket = createWSClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    // The same session resolves on the socket through the `token` connection param.
    connectionParams: () => ({ token: accessToken }),
  });
  return {
    http: createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${baseUrl}/trpc`, headers: authorization })],
    }),
    ws: createTRPCClient<AppRouter>({ links: [wsLink({ client: socket })] }),
    close: () => socket.close(),
  };
}

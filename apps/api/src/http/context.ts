import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import { appendSetCookie, readSessionCookie, sessionCookie } from '../auth/cookies.ts';
import { authenticate, presentedToken } from '../auth/viewer.ts';
import type { Context, Services } from '../context.ts';
import { requestMeta } from '../context.ts';

export async function createHttpContext(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Context> {
  const meta = requestMeta(req, 'http', services.env);
  const token = presentedToken(req);
  const session = await authenticate(services.db, token);
  // Sliding expiry: a web client gets a cookie with the new expiry whenever it moves.
  if (session?.renewed && token && token === readSessionCookie(req)) {
    appendSetCookie(res, sessionCookie(token, session.expiresAt, services.env.NODE_ENV === 'production'));
  }
  const viewer = session?.viewer ?? null;
  const log = services.logger.child({ requestId: meta.requestId, userId: viewer?.userId });
  return { services, meta, log, viewer, res, req };
}

/**
 * One context per socket, built when the client's connection params arrive. The session comes from
 * the upgrade's cookie or a `token` connection param, and the socket is closed when it is revoked.
 */
export async function createWsContext(
  services: Services,
  req: IncomingMessage,
  socket: WebSocket,
  connectionParams: Record<string, string | undefined> | null,
): Promise<Context> {
  const meta = requestMeta(req, 'ws', services.env);
  const session = await authenticate(services.db, presentedToken(req, connectionParams?.token));
  const viewer = session?.viewer ?? null;
  if (viewer) services.sockets.track(socket, viewer.userId, viewer.sessionId, session?.socketEndsAt ?? null);
  const log = services.logger.child({ socketId: meta.requestId, userId: viewer?.userId });
  return { services, meta, log, viewer, res: null, req };
}

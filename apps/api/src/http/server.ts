import http from 'node:http';
import type { Duplex } from 'node:stream';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { oauthRoutes } from '../auth/oauth/routes.ts';
import type { Services } from '../context.ts';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../realtime/subscriptions.ts';
import { appRouter } from '../router.ts';
import { collectionPhotoRoutes } from './collection-photos.ts';
import { createHttpContext, createWsContext } from './context.ts';
import { devOutboxRoutes } from './dev-outbox.ts';
import { isAllowedOrigin } from './origin.ts';
import { healthRoutes, matchRoute, sendJson, type HttpRoute } from './routes.ts';
import { createStaticHandler } from './static.ts';
import { uploadRoutes } from './uploads.ts';

export const TRANSPORT_LIMITS = {
  /** Largest tRPC HTTP request body. Photos go through the upload route, not tRPC. */
  maxBodyBytes: 1024 * 1024,
  maxBatchSize: 20,
  /** Largest WebSocket frame a client may send. */
  maxWsPayloadBytes: 64 * 1024,
  /** A socket whose unsent backlog grows past this is a slow consumer and is cut off. */
  maxWsBufferedBytes: 1024 * 1024,
  wsPingMs: 30_000,
  wsPongWaitMs: 10_000,
  /** Active subscriptions per WebSocket connection, enforced where subscriptions open (realtime/). */
  maxSubscriptionsPerConnection: MAX_SUBSCRIPTIONS_PER_CONNECTION,
} as const;

export interface ApiServer {
  server: http.Server;
  wss: WebSocketServer;
  /** Resolves once this node listens for cross-node events (session revocations, …). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createApiServer(services: Services, extraRoutes: HttpRoute[] = []): ApiServer {
  const routes = [
    ...healthRoutes,
    ...uploadRoutes,
    ...collectionPhotoRoutes,
    ...devOutboxRoutes,
    ...oauthRoutes(services),
    ...extraRoutes,
  ];
  const serveStatic = createStaticHandler(services.env.WEB_DIST_DIR);
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: TRANSPORT_LIMITS.maxBodyBytes,
    maxBatchSize: TRANSPORT_LIMITS.maxBatchSize,
    createContext: ({ req, res }) => createHttpContext(services, req, res),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        services.logger.error({ err: error.cause ?? error, path }, 'procedure failed');
    },
  });

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    if (pathname.startsWith('/trpc/')) return trpcHandler(req, res);
    const route = matchRoute(routes, req.method, pathname);
    if (route) {
      Promise.resolve(route.handle(services, req, res)).catch((error: unknown) => {
        services.logger.error({ err: error, path: pathname }, 'route failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'Something went wrong on our side' });
        else res.destroy();
      });
      return;
    }
    if (serveStatic(req, res)) return;
    sendJson(res, 404, { error: 'Not found' });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: TRANSPORT_LIMITS.maxWsPayloadBytes });
  const wssHandler = applyWSSHandler({
    wss,
    router: appRouter,
    maxBatchSize: TRANSPORT_LIMITS.maxBatchSize,
    createContext: ({ req, res, info }) => createWsContext(services, req, res, info.connectionParams),
    keepAlive: {
      enabled: true,
      pingMs: TRANSPORT_LIMITS.wsPingMs,
      pongWaitMs: TRANSPORT_LIMITS.wsPongWaitMs,
    },
  });
  wss.on('connection', (socket: WebSocket) => watchBackpressure(socket));

  server.on('upgrade', (req, socket: Duplex, head) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    const origin = req.headers.origin;
    if (pathname !== '/trpc' && pathname !== '/trpc/') return rejectUpgrade(socket, 404, 'Not Found');
    if (origin && !isAllowedOrigin(services.env, origin)) return rejectUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const stopRevocations = services.sockets.start();

  return {
    server,
    wss,
    ready: stopRevocations.then(() => undefined),
    async close() {
      await (
        await stopRevocations
      )();
      wssHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Cuts off a client that does not read its socket instead of buffering for it without limit. */
function watchBackpressure(socket: WebSocket): void {
  const timer = setInterval(() => {
    if (socket.bufferedAmount > TRANSPORT_LIMITS.maxWsBufferedBytes) socket.terminate();
  }, 1_000);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

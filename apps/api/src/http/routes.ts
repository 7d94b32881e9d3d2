import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../context.ts';
import { checkReadiness } from '../health/service.ts';

/** A plain HTTP endpoint served beside the tRPC router (health checks, uploads, OAuth callbacks). */
export interface HttpRoute {
  method: 'GET' | 'POST';
  /** Exact path, or a prefix when it ends with `/`. */
  path: string;
  handle(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export const healthRoutes: HttpRoute[] = [
  { method: 'GET', path: '/health', handle: (_services, _req, res) => sendJson(res, 200, { status: 'ok' }) },
  {
    method: 'GET',
    path: '/ready',
    async handle(services, _req, res) {
      const readiness = await checkReadiness(services);
      sendJson(res, readiness.ready ? 200 : 503, readiness);
    },
  },
];

export function matchRoute(
  routes: HttpRoute[],
  method: string | undefined,
  pathname: string,
): HttpRoute | undefined {
  return routes.find(
    (route) =>
      route.method === (method === 'HEAD' ? 'GET' : method) &&
      (route.path.endsWith('/') ? pathname.startsWith(route.path) : pathname === route.path),
  );
}

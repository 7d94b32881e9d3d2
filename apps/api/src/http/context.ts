import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, Services } from '../context.ts';
import { requestMeta } from '../context.ts';

export function createHttpContext(services: Services, req: IncomingMessage, res: ServerResponse): Context {
  const meta = requestMeta(req, 'http', services.env);
  return {
    services,
    meta,
    log: services.logger.child({ requestId: meta.requestId }),
    viewer: null,
    res,
    req,
  };
}

export function createWsContext(services: Services, req: IncomingMessage): Context {
  const meta = requestMeta(req, 'ws', services.env);
  return {
    services,
    meta,
    log: services.logger.child({ socketId: meta.requestId }),
    viewer: null,
    res: null,
    req,
  };
}

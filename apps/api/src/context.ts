import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Db } from '@plastic-crack/db';
import type { Redis } from 'ioredis';
import type { Env } from './env.ts';
import type { AppSettingsStore } from './infra/app-settings.ts';
import type { Mailer } from './infra/mailer.ts';
import type { RateLimits } from './infra/rate-limit.ts';
import type { Logger } from './logger.ts';
import type { SocketRegistry } from './auth/socket-registry.ts';
import type { Bus } from './infra/bus.ts';
import type { Storage } from './infra/storage.ts';
import type { CatalogSearch } from './search/catalog-search.ts';

/** Long-lived dependencies, built once at start-up from the parsed env. */
export interface Services {
  env: Env;
  db: Db;
  logger: Logger;
  bus: Bus;
  redis: Redis | null;
  /** Transactional mail: SMTP, or the development outbox shown at /dev/outbox. */
  mailer: Mailer;
  /** Attempt counters for sign-up, sign-in, password reset and verification mail. */
  rateLimits: RateLimits;
  /** Typed app_settings (maintenance mode, upload limits), cached and invalidated over the bus. */
  appSettings: AppSettingsStore;
  /** This node's authenticated WebSockets, closed when their session is revoked on any node. */
  sockets: SocketRegistry;
  /** Uploaded files: local disk under UPLOAD_DIR, or an S3-compatible store when S3_* is set. */
  storage: Storage;
  /** Catalogue search: PostgreSQL full-text + pg_trgm, or Elasticsearch when ELASTICSEARCH_URL is set. */
  search: CatalogSearch;
}

/** Who is calling. Resolved from the session cookie or bearer token by the auth service. */
export interface Viewer {
  userId: string;
  sessionId: string;
  username: string;
  isAdmin: boolean;
  emailVerified: boolean;
}

export interface RequestMeta {
  requestId: string;
  transport: 'http' | 'ws';
  ip: string | null;
  userAgent: string | null;
  origin: string | null;
}

export interface Context {
  services: Services;
  meta: RequestMeta;
  log: Logger;
  viewer: Viewer | null;
  /** Present on HTTP calls only: lets a procedure set cookies. */
  res: ServerResponse | null;
  req: IncomingMessage;
}

export function requestMeta(
  req: IncomingMessage,
  transport: RequestMeta['transport'],
  env: Pick<Env, 'TRUST_PROXY'>,
): RequestMeta {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value) ?? null;
  };
  const forwardedFor = env.TRUST_PROXY ? header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return {
    requestId: header('x-request-id')?.slice(0, 64) ?? randomUUID(),
    transport,
    ip: forwardedFor || req.socket.remoteAddress || null,
    userAgent: header('user-agent')?.slice(0, 512) ?? null,
    origin: header('origin'),
  };
}

import { createDb, type Db } from '@plastic-crack/db';
import { SocketRegistry } from './auth/socket-registry.ts';
import type { Services } from './context.ts';
import type { Env } from './env.ts';
import { createInProcessBus, createRedisBus } from './infra/bus.ts';
import { createRedis } from './infra/redis.ts';
import { createStorage } from './infra/storage.ts';
import { AppSettingsStore } from './infra/app-settings.ts';
import { createMailer } from './infra/mailer.ts';
import { RateLimits, type RateLimitOptions } from './infra/rate-limit.ts';
import { createLogger, type Logger } from './logger.ts';
import { catalogSearchDocuments } from './search/documents.ts';
import { createElasticsearchCatalogSearch, createElasticsearchClient } from './search/elasticsearch.ts';
import { createPostgresCatalogSearch } from './search/postgres.ts';

/** Builds every long-lived dependency once, choosing each implementation from the env. */
export function createServices(
  env: Env,
  databaseUrl: string,
  options: { db?: Db; logger?: Logger; rateLimits?: RateLimitOptions } = {},
): Services {
  const logger = options.logger ?? createLogger(env);
  const db = options.db ?? createDb(databaseUrl);
  const redis = env.REDIS_URL ? createRedis(env.REDIS_URL, logger) : null;
  const bus = redis ? createRedisBus(redis, logger) : createInProcessBus();
  const mailer = createMailer(env);
  const rateLimits = new RateLimits(redis, options.rateLimits);
  const appSettings = new AppSettingsStore(db, bus, logger);
  const search = env.ELASTICSEARCH_URL
    ? createElasticsearchCatalogSearch({
        client: createElasticsearchClient(env.ELASTICSEARCH_URL),
        logger,
        source: () => catalogSearchDocuments(db),
      })
    : createPostgresCatalogSearch(db);
  return {
    env,
    db,
    logger,
    bus,
    redis,
    sockets: new SocketRegistry(bus),
    storage: createStorage(env),
    mailer,
    rateLimits,
    appSettings,
    search,
  };
}

export async function closeServices(services: Services): Promise<void> {
  await services.bus.close();
  await services.search.close();
  services.redis?.disconnect();
  await services.db.$disconnect();
}

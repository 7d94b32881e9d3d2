import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

/**
 * A Redis connection that never blocks a request on an outage: commands fail fast while it is down
 * (PostgreSQL still serves and stores everything) and it reconnects in the background.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let wasReady = false;
  redis.on('ready', () => {
    if (wasReady) logger.info('redis reconnected');
    wasReady = true;
  });
  redis.on('error', (error) => logger.warn({ err: error.message }, 'redis error'));
  return redis;
}

import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

export type BusHandler = (message: unknown) => void;

/**
 * Fan-out of real-time events between API nodes. Delivery is best effort: PostgreSQL holds every
 * event, and subscribers replay from it after `lastEventId`, so a lost bus message is never lost data.
 */
export interface Bus {
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** One process, no Redis: the default for a single API node. */
export function createInProcessBus(): Bus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, message) {
      emitter.emit(channel, message);
    },
    async subscribe(channel, handler) {
      emitter.on(channel, handler);
      return async () => {
        emitter.off(channel, handler);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * Redis pub/sub: one publishing connection and one subscriber connection per node; the node keeps
 * its own handler table so N local subscribers of a channel cost one Redis SUBSCRIBE. While Redis
 * is away, publishing is skipped (the event is already in PostgreSQL) and subscriptions are
 * re-established when it returns.
 */
export function createRedisBus(publisher: Redis, logger: Logger): Bus {
  const subscriber = publisher.duplicate({ autoResubscribe: false });
  const local = createInProcessBus();
  const counts = new Map<string, number>();
  subscriber.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis subscriber error'));
  subscriber.on('ready', () => {
    if (counts.size > 0) void redisSubscribe([...counts.keys()]);
  });
  subscriber.on('message', (channel: string, raw: string) => {
    try {
      void local.publish(channel, JSON.parse(raw));
    } catch (error) {
      logger.warn({ err: error, channel }, 'dropped malformed bus message');
    }
  });

  async function redisSubscribe(channels: string[]): Promise<void> {
    if (subscriber.status !== 'ready') return; // the 'ready' handler subscribes everything
    await subscriber.subscribe(...channels).catch((error: Error) => {
      logger.warn({ err: error.message, channels }, 'redis subscribe failed; retrying on reconnect');
    });
  }

  return {
    async publish(channel, message) {
      try {
        await publisher.publish(channel, JSON.stringify(message));
      } catch (error) {
        logger.warn(
          { err: (error as Error).message, channel },
          'redis publish failed; subscribers will catch up from PostgreSQL',
        );
      }
    },
    async subscribe(channel, handler) {
      const unsubscribeLocal = await local.subscribe(channel, handler);
      const count = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, count);
      if (count === 1) await redisSubscribe([channel]);
      return async () => {
        await unsubscribeLocal();
        const remaining = (counts.get(channel) ?? 1) - 1;
        if (remaining > 0) {
          counts.set(channel, remaining);
          return;
        }
        counts.delete(channel);
        if (subscriber.status === 'ready') await subscriber.unsubscribe(channel).catch(() => {});
      };
    },
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}

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
 * its own handler table so N local subscribers of a channel cost one Redis SUBSCRIBE.
 */
export function createRedisBus(publisher: Redis, logger: Logger): Bus {
  const subscriber = publisher.duplicate();
  const local = createInProcessBus();
  const counts = new Map<string, number>();
  subscriber.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis subscriber error'));

  subscriber.on('message', (channel: string, raw: string) => {
    try {
      void local.publish(channel, JSON.parse(raw));
    } catch (error) {
      logger.warn({ err: error, channel }, 'dropped malformed bus message');
    }
  });

  return {
    async publish(channel, message) {
      await publisher.publish(channel, JSON.stringify(message));
    },
    async subscribe(channel, handler) {
      const unsubscribeLocal = await local.subscribe(channel, handler);
      const count = (counts.get(channel) ?? 0) + 1;
      counts.set(channel, count);
      if (count === 1) await subscriber.subscribe(channel);
      return async () => {
        await unsubscribeLocal();
        const remaining = (counts.get(channel) ?? 1) - 1;
        if (remaining > 0) {
          counts.set(channel, remaining);
          return;
        }
        counts.delete(channel);
        await subscriber.unsubscribe(channel).catch(() => {});
      };
    },
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}

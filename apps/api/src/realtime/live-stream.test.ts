import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createDb } from '@plastic-crack/db';
import { createTestDatabase, type TestDatabase } from '@plastic-crack/db/testing';
import { TRPCError } from '@trpc/server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { createInProcessBus, createRedisBus, type Bus } from '../infra/bus.ts';
import { createLogger } from '../logger.ts';
import { liveStream, type LiveStreamOptions } from './live-stream.ts';
import { readStream, streamChannel, streamHead, writeToStream, type StoredStreamEvent } from './streams.ts';
import { acquireSubscriptionSlot, activeSubscriptions, openSubscription } from './subscriptions.ts';

// The real-time building blocks on their own, against the real PostgreSQL and (when configured) the
// real Redis bus — the same ones every feature's subscriptions are made of.

const logger = createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' });
let database: TestDatabase;
let redis: Redis | null = null;
let bus: Bus;

beforeAll(async () => {
  database = await createTestDatabase();
  if (process.env.REDIS_URL) {
    redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
    bus = createRedisBus(redis, logger);
  } else bus = createInProcessBus();
});
afterAll(async () => {
  await bus?.close();
  redis?.disconnect();
  await database?.drop();
});

type TestEvent = { type: string; n: number };
const newStream = () => `test:${randomUUID()}`;

/** Appends events in one transaction each; returns their seqs. Publishing is left to the test. */
async function append(streamKey: string, count: number): Promise<bigint[]> {
  const seqs: bigint[] = [];
  for (let i = 0; i < count; i += 1) {
    const { events } = await writeToStream(database.db, streamKey, async (_tx, emit) => {
      await emit('tick', { n: i });
    });
    seqs.push(events[0]!.seq);
  }
  return seqs;
}

const publish = (streamKey: string, seq: bigint, n: number) =>
  bus.publish(streamChannel(streamKey), { seq: seq.toString(), event: { type: 'tick', n } });

const hydrate = async (rows: StoredStreamEvent[]) =>
  rows.map((row) => ({ type: row.eventType, n: (row.payload as { n: number }).n }));

function open(streamKey: string, overrides: Partial<LiveStreamOptions<TestEvent>> = {}) {
  const controller = new AbortController();
  const stream = liveStream<TestEvent>({
    bus,
    db: database.db,
    streamKey,
    lastEventId: undefined,
    signal: controller.signal,
    authorize: async () => {},
    hydrate,
    ...overrides,
  });
  return { stream, controller };
}

/** The next `count` deliveries as [id, type]. */
async function take(stream: AsyncGenerator<unknown>, count: number): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < count; i += 1) {
    const next = await stream.next();
    if (next.done) throw new Error('stream ended');
    const [id, data] = next.value as [string, { type: string }];
    out.push([id, data.type]);
  }
  return out;
}

/** Resolves once this node's bus has handed `count` messages of the channel to local handlers. */
async function busDelivered(streamKey: string, count: number): Promise<() => Promise<void>> {
  let seen = 0;
  let done!: () => void;
  const reached = new Promise<void>((resolve) => (done = resolve));
  const unsubscribe = await bus.subscribe(streamChannel(streamKey), () => {
    seen += 1;
    if (seen >= count) done();
  });
  return async () => {
    await reached;
    await unsubscribe();
  };
}

describe('stream numbering', () => {
  it('numbers concurrent writers on several nodes 1..N with no gap and no repeat', async () => {
    const streamKey = newStream();
    // Three pools, as three API nodes have: writers of one pool queue in process, so it is the
    // advisory lock in PostgreSQL that keeps the pools apart.
    const pools = [database.db, createDb(database.url, { max: 3 }), createDb(database.url, { max: 3 })];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, n) =>
        writeToStream(pools[n % pools.length]!, streamKey, async (_tx, emit) => {
          await emit('tick', { n });
          await emit('tock', { n });
        }),
      ),
    ).finally(() => Promise.all(pools.slice(1).map((pool) => pool.$disconnect())));
    const seqs = results.flatMap((result) => result.events.map((event) => Number(event.seq)));
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    // The two events of one writer are consecutive: nobody interleaves inside a transaction.
    for (const { events } of results) expect(events[1]!.seq - events[0]!.seq).toBe(1n);
    expect(await streamHead(database.db, streamKey)).toBe(48n);
  });

  it('gives a rolled-back writer’s number to the next writer (no hole)', async () => {
    const streamKey = newStream();
    await append(streamKey, 2);
    await expect(
      writeToStream(database.db, streamKey, async (_tx, emit) => {
        await emit('tick', { n: 99 });
        throw new Error('the domain write failed');
      }),
    ).rejects.toThrow('the domain write failed');
    const [third] = await append(streamKey, 1);
    expect(third).toBe(3n);
    expect((await readStream(database.db, streamKey, 0n, 10)).map((row) => row.seq)).toEqual([1n, 2n, 3n]);
  });
});

describe('liveStream', () => {
  it('replays exactly what follows lastEventId, says it is synced, then goes live', async () => {
    const streamKey = newStream();
    await append(streamKey, 5);
    const { stream, controller } = open(streamKey, { lastEventId: '2' });
    expect(await take(stream, 4)).toEqual([
      ['3', 'tick'],
      ['4', 'tick'],
      ['5', 'tick'],
      ['5', 'stream.synced'],
    ]);
    const [sixth] = await append(streamKey, 1);
    await publish(streamKey, sixth!, 5);
    expect(await take(stream, 1)).toEqual([['6', 'tick']]);
    controller.abort();
    expect((await stream.next()).done).toBe(true);
  });

  it('without lastEventId starts at the head and delivers only what comes after', async () => {
    const streamKey = newStream();
    await append(streamKey, 3);
    const { stream, controller } = open(streamKey);
    expect(await take(stream, 1)).toEqual([['3', 'stream.synced']]);
    const [fourth] = await append(streamKey, 1);
    await publish(streamKey, fourth!, 3);
    expect(await take(stream, 1)).toEqual([['4', 'tick']]);
    controller.abort();
  });

  it('resumes at the head when lastEventId is past it (it would otherwise drop events)', async () => {
    const streamKey = newStream();
    await append(streamKey, 2);
    const { stream, controller } = open(streamKey, { lastEventId: '900' });
    expect(await take(stream, 1)).toEqual([['2', 'stream.synced']]);
    const [third] = await append(streamKey, 1);
    await publish(streamKey, third!, 2);
    expect(await take(stream, 1)).toEqual([['3', 'tick']]);
    controller.abort();
  });

  it('fills a gap from PostgreSQL when a bus message is lost, and delivers duplicates once', async () => {
    const streamKey = newStream();
    const { stream, controller } = open(streamKey);
    expect(await take(stream, 1)).toEqual([['0', 'stream.synced']]);
    const [first, second, third] = await append(streamKey, 3);
    // seq 2 never reaches the bus; seq 1 and 3 arrive twice.
    await publish(streamKey, first!, 0);
    await publish(streamKey, first!, 0);
    await publish(streamKey, third!, 2);
    await publish(streamKey, third!, 2);
    expect(await take(stream, 3)).toEqual([
      ['1', 'tick'],
      [second!.toString(), 'tick'],
      ['3', 'tick'],
    ]);
    const [fourth] = await append(streamKey, 1);
    await publish(streamKey, fourth!, 3);
    expect(await take(stream, 1)).toEqual([['4', 'tick']]);
    controller.abort();
  });

  it('ends a consumer that falls too far behind with an error instead of buffering without limit', async () => {
    const streamKey = newStream();
    const { stream } = open(streamKey, { maxBuffered: 3 });
    expect(await take(stream, 1)).toEqual([['0', 'stream.synced']]);
    const seqs = await append(streamKey, 5);
    const delivered = await busDelivered(streamKey, 5);
    // Published while nobody pulls from the stream: the fourth overflows its buffer.
    for (const [index, seq] of seqs.entries()) await publish(streamKey, seq, index);
    await delivered();
    const error = (await stream.next().catch((caught: unknown) => caught)) as TRPCError;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/fell too far behind/);
  });

  it('delivers the event that revokes access, then ends with its error', async () => {
    const streamKey = newStream();
    await append(streamKey, 1);
    await writeToStream(database.db, streamKey, async (_tx, emit) => {
      await emit('revoke', { n: 1 });
    });
    await append(streamKey, 1);
    const { stream } = open(streamKey, {
      lastEventId: '0',
      endsAccess: (event) => (event.type === 'revoke' ? new DomainError('FORBIDDEN', 'removed') : null),
    });
    expect(await take(stream, 2)).toEqual([
      ['1', 'tick'],
      ['2', 'revoke'],
    ]);
    const error = await stream.next().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('FORBIDDEN');
  });

  it('delivers nothing when authorisation fails, as a typed error', async () => {
    const streamKey = newStream();
    await append(streamKey, 2);
    const { stream } = open(streamKey, {
      lastEventId: '0',
      authorize: async () => {
        throw new DomainError('NOT_FOUND', 'Conversation not found');
      },
    });
    const error = await stream.next().catch((caught: unknown) => caught);
    // A TRPCError, not the DomainError: errors thrown inside a generator bypass the error middleware.
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
  });

  it.skipIf(!process.env.REDIS_URL)('leaves the Redis channel when the client stops', async () => {
    const streamKey = newStream();
    const channel = streamChannel(streamKey);
    const subscribers = async () => {
      const [, count] = (await redis!.pubsub('NUMSUB', channel)) as [string, number];
      return Number(count);
    };
    const { stream, controller } = open(streamKey);
    await take(stream, 1);
    expect(await subscribers()).toBe(1);
    const pending = stream.next();
    controller.abort();
    expect((await pending).done).toBe(true);
    expect(await subscribers()).toBe(0);
  });
});

describe('subscriptions per connection', () => {
  const connection = () => ({ req: {} as IncomingMessage });

  it('refuses a subscription past the limit with a clear error, and frees a slot once', () => {
    const ctx = connection();
    const releaseFirst = acquireSubscriptionSlot(ctx, 2);
    acquireSubscriptionSlot(ctx, 2);
    expect(() => acquireSubscriptionSlot(ctx, 2)).toThrow(/already has 2 active subscriptions/);
    releaseFirst();
    releaseFirst(); // a second release must not free a slot it does not hold
    expect(activeSubscriptions(ctx)).toBe(1);
    acquireSubscriptionSlot(ctx, 2);
    expect(() => acquireSubscriptionSlot(ctx, 2)).toThrow(DomainError);
    expect(activeSubscriptions(connection())).toBe(0); // another connection has its own count
  });

  it('gives the slot back when the subscription ends, fails to start, or is stopped', async () => {
    const ctx = connection();
    async function* twoEvents() {
      yield 1;
      yield 2;
    }
    const finished = await openSubscription(ctx, undefined, async () => twoEvents());
    expect(activeSubscriptions(ctx)).toBe(1);
    for await (const _ of finished) expect(activeSubscriptions(ctx)).toBe(1);
    expect(activeSubscriptions(ctx)).toBe(0);

    await expect(
      openSubscription(ctx, undefined, async () => {
        throw new DomainError('NOT_FOUND', 'nope');
      }),
    ).rejects.toThrow('nope');
    expect(activeSubscriptions(ctx)).toBe(0);

    const controller = new AbortController();
    await openSubscription(ctx, controller.signal, async () => twoEvents());
    expect(activeSubscriptions(ctx)).toBe(1);
    controller.abort(); // stopped before its generator ever ran
    expect(activeSubscriptions(ctx)).toBe(0);
  });
});

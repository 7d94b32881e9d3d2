import type { Db, Prisma } from '@plastic-crack/db';
import type { Bus } from '../infra/bus.ts';
import type { Logger } from '../logger.ts';

// A stream is an ordered, replayable sequence of events about one thing ('conversation:<uuid>', later
// 'user:<uuid>:notifications', …). Its events are rows of stream_events numbered 1, 2, 3, … without gaps.
//
// Why that numbering is exact: a writer takes the stream's advisory lock as the first statement of its
// transaction and holds it until commit, and only then reads max(seq) + 1. So seq N + 1 is allocated
// after N has committed (or rolled back and been reused), events become visible in seq order, and
// "seq > lastEventId" never skips one that commits later. A bus message is only a fast copy of a row.

export type Tx = Prisma.TransactionClient;

/** Keeps stream locks apart from the single-key advisory locks (migrations) — PostgreSQL's two key spaces do not overlap. */
const STREAM_LOCK_NAMESPACE = 7_203_311;

export interface StoredStreamEvent {
  seq: bigint;
  eventType: string;
  payload: Prisma.JsonValue;
  createdAt: Date;
}

/** What travels on the bus: the stream position and the payload ready for clients. */
export interface StreamEnvelope<TEvent> {
  seq: string;
  event: TEvent;
}

export type Emit = (eventType: string, payload: Prisma.InputJsonObject) => Promise<StoredStreamEvent>;

const storedEventSelect = { seq: true, eventType: true, payload: true, createdAt: true } as const;

export const streamChannel = (streamKey: string) => `stream:${streamKey}`;

/** Waiting for a pool connection under load is normal; a stream transaction itself stays short. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/**
 * Runs `write` in one transaction that owns the stream: the domain rows it writes and the events it
 * emits commit together or not at all. Publish the returned events only after this resolves.
 */
export async function writeToStream<T>(
  db: Db,
  streamKey: string,
  write: (tx: Tx, emit: Emit) => Promise<T>,
): Promise<{ result: T; events: StoredStreamEvent[] }> {
  // Writers of one stream on this node queue here, not in the pool: only one of them holds a
  // connection waiting for the advisory lock, so a burst on one conversation cannot starve the pool.
  return inTurn(db, streamKey, () =>
    db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${STREAM_LOCK_NAMESPACE}::int, hashtext(${streamKey}))`;
      let next: bigint | null = null;
      const events: StoredStreamEvent[] = [];
      const emit: Emit = async (eventType, payload) => {
        if (next === null) next = (await streamHeadIn(tx, streamKey)) + 1n;
        const row = await tx.streamEvent.create({
          data: { streamKey, seq: next, eventType, payload },
          select: storedEventSelect,
        });
        next += 1n;
        events.push(row);
        return row;
      };
      const result = await write(tx, emit);
      return { result, events };
    }, TRANSACTION_OPTIONS),
  );
}

const queuesByPool = new WeakMap<Db, Map<string, Promise<void>>>();

/** Runs `task` after every earlier task of the same key on this pool has settled. */
async function inTurn<T>(db: Db, key: string, task: () => Promise<T>): Promise<T> {
  let queues = queuesByPool.get(db);
  if (!queues) queuesByPool.set(db, (queues = new Map()));
  const previous = queues.get(key) ?? Promise.resolve();
  let done!: () => void;
  const tail = previous.then(() => new Promise<void>((resolve) => (done = resolve)));
  queues.set(key, tail);
  await previous;
  try {
    return await task();
  } finally {
    done();
    if (queues.get(key) === tail) queues.delete(key);
  }
}

async function streamHeadIn(client: Db | Tx, streamKey: string): Promise<bigint> {
  const rows = await client.$queryRaw<{ head: bigint }[]>`
    SELECT coalesce(max(seq), 0)::bigint AS head FROM stream_events WHERE stream_key = ${streamKey}`;
  return rows[0]?.head ?? 0n;
}

/** The last committed position of a stream (0 when it has no events). */
export const streamHead = (db: Db, streamKey: string) => streamHeadIn(db, streamKey);

export function readStream(
  db: Db,
  streamKey: string,
  afterSeq: bigint,
  limit: number,
): Promise<StoredStreamEvent[]> {
  return db.streamEvent.findMany({
    where: { streamKey, seq: { gt: afterSeq } },
    orderBy: { seq: 'asc' },
    take: limit,
    select: storedEventSelect,
  });
}

/**
 * Fans a committed event out to every node. Best effort by design (see Bus): a subscriber that misses
 * it notices the gap in seq at the next event, or replays it on reconnect.
 */
export async function publishToStream<TEvent>(
  bus: Bus,
  logger: Logger,
  streamKey: string,
  seq: bigint,
  event: TEvent,
): Promise<void> {
  try {
    await bus.publish(streamChannel(streamKey), {
      seq: seq.toString(),
      event,
    } satisfies StreamEnvelope<TEvent>);
  } catch (error) {
    // The in-process bus never throws and the Redis bus logs its own failures; this is the backstop.
    logger.warn({ err: error, streamKey }, 'publishing a stream event failed; subscribers will replay it');
  }
}

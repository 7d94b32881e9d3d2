import type { StreamSyncedEvent } from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import { tracked, TRPCError, type TrackedEnvelope } from '@trpc/server';
import { toTRPCError } from '../errors.ts';
import type { Bus } from '../infra/bus.ts';
import { readStream, streamChannel, streamHead, type StoredStreamEvent } from './streams.ts';

/** Live events a subscription may hold while it is busy (replaying, or its client is slow). */
export const DEFAULT_MAX_BUFFERED_EVENTS = 1_000;
const REPLAY_PAGE_SIZE = 200;

export const slowConsumerError = () =>
  new TRPCError({
    code: 'TIMEOUT',
    message:
      'This subscription fell too far behind and was ended; subscribe again with lastEventId to catch up',
  });

export interface LiveStreamOptions<TEvent> {
  bus: Bus;
  db: Db;
  streamKey: string;
  /** The client's position (`tracked` id it saw last); absent = from now on. */
  lastEventId: string | undefined;
  /** The procedure's signal: aborted when the client stops the subscription or its socket closes. */
  signal: AbortSignal | undefined;
  /**
   * Checked once the bus subscription and the start position are settled, so a change of access that
   * committed before then is seen here and one after it arrives as an event (see `endsAccess`).
   */
  authorize(): Promise<void>;
  /** Turns stored rows into client payloads (e.g. loads the messages they refer to); null skips a row. */
  hydrate(rows: StoredStreamEvent[]): Promise<Array<TEvent | null>>;
  /** An error here ends the subscription right after delivering the event (e.g. the viewer was removed). */
  endsAccess?(event: TEvent): Error | null;
  maxBuffered?: number;
}

type Buffered<TEvent> = { seq: bigint; event: TEvent };

/**
 * The subscription pattern every real-time feature uses: subscribe to the bus first (buffering), then
 * replay from PostgreSQL everything after the client's lastEventId, then stream live events, each
 * exactly once and in stream order. A live event that skips ahead (a bus message lost or overtaken)
 * triggers a replay of the gap from PostgreSQL instead of being delivered out of order.
 */
export async function* liveStream<TEvent>(
  options: LiveStreamOptions<TEvent>,
): AsyncGenerator<TrackedEnvelope<TEvent | StreamSyncedEvent>, void, unknown> {
  const { bus, db, streamKey, signal } = options;
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED_EVENTS;
  const buffer: Buffered<TEvent>[] = [];
  let overflowed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  signal?.addEventListener('abort', notify);
  let unsubscribe: (() => Promise<void>) | null = null;
  let cursor = 0n;

  /** Delivers stored events after `cursor`, page by page, advancing it. */
  async function* replay(): AsyncGenerator<TrackedEnvelope<TEvent>, void, unknown> {
    for (;;) {
      const rows = await readStream(db, streamKey, cursor, REPLAY_PAGE_SIZE);
      const events = await options.hydrate(rows);
      for (const [index, row] of rows.entries()) {
        cursor = row.seq;
        const event = events[index];
        if (event) yield* deliver(row.seq, event);
      }
      if (rows.length < REPLAY_PAGE_SIZE || signal?.aborted) return;
      if (overflowed) throw slowConsumerError();
    }
  }

  async function* deliver(
    seq: bigint,
    event: TEvent,
  ): AsyncGenerator<TrackedEnvelope<TEvent>, void, unknown> {
    yield tracked(seq.toString(), event);
    const denial = options.endsAccess?.(event);
    if (denial) throw toTRPCError(denial);
  }

  try {
    unsubscribe = await bus.subscribe(streamChannel(streamKey), (message) => {
      const envelope = parseEnvelope<TEvent>(message);
      if (!envelope || overflowed) return;
      if (buffer.length >= maxBuffered) {
        // Everything is in PostgreSQL; holding more for a consumer this far behind helps no one.
        overflowed = true;
        buffer.length = 0;
      } else buffer.push(envelope);
      notify();
    });
    const head = await streamHead(db, streamKey);
    const requested = options.lastEventId === undefined ? head : BigInt(options.lastEventId);
    // A position past the head (another stream's id, a restored database) cannot be honoured as is:
    // resuming there would silently drop the events up to it, so resume at the head instead.
    cursor = requested > head ? head : requested;
    // Errors leaving a generator skip the procedure middleware that maps domain errors: map them here.
    await options.authorize().catch((error: unknown) => {
      throw toTRPCError(error);
    });

    yield* replay();
    yield tracked(cursor.toString(), { type: 'stream.synced' } satisfies StreamSyncedEvent);

    while (!signal?.aborted) {
      if (overflowed) throw slowConsumerError();
      const next = buffer.shift();
      if (!next) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (next.seq <= cursor) continue; // replayed already, or a duplicate
      if (next.seq === cursor + 1n) {
        cursor = next.seq;
        yield* deliver(next.seq, next.event);
      } else {
        yield* replay(); // a gap: PostgreSQL has every event up to next.seq, which committed first
      }
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    await unsubscribe?.();
  }
}

function parseEnvelope<TEvent>(message: unknown): Buffered<TEvent> | null {
  if (typeof message !== 'object' || message === null) return null;
  const { seq, event } = message as { seq?: unknown; event?: unknown };
  if (typeof seq !== 'string' || !/^\d{1,18}$/.test(seq) || typeof event !== 'object' || event === null)
    return null;
  return { seq: BigInt(seq), event: event as TEvent };
}

export interface EphemeralStreamOptions<TEvent> {
  bus: Bus;
  channel: string;
  signal: AbortSignal | undefined;
  /** Events this subscriber should not see (e.g. its own typing). */
  accept?(event: TEvent): boolean;
  /** A stream whose events can revoke access (membership changes), and the rule that says so. */
  revokedBy?: { streamKey: string; endsAccess(event: unknown): Error | null };
  maxBuffered?: number;
}

/**
 * For events that are never stored (typing indicators): bus only, no ids, no replay; ends like
 * `liveStream` when access is revoked or the consumer falls too far behind.
 */
export async function* ephemeralStream<TEvent>(
  options: EphemeralStreamOptions<TEvent>,
): AsyncGenerator<TEvent, void, unknown> {
  const { bus, signal } = options;
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED_EVENTS;
  const buffer: TEvent[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  signal?.addEventListener('abort', notify);
  const unsubscribes: Array<() => Promise<void>> = [];
  try {
    if (options.revokedBy) {
      const { streamKey, endsAccess } = options.revokedBy;
      unsubscribes.push(
        await bus.subscribe(streamChannel(streamKey), (message) => {
          const envelope = parseEnvelope<unknown>(message);
          const denial = envelope ? endsAccess(envelope.event) : null;
          if (denial && !failure) {
            failure = toTRPCError(denial);
            notify();
          }
        }),
      );
    }
    unsubscribes.push(
      await bus.subscribe(options.channel, (message) => {
        if (failure || typeof message !== 'object' || message === null) return;
        const event = message as TEvent;
        if (options.accept && !options.accept(event)) return;
        if (buffer.length >= maxBuffered) failure = slowConsumerError();
        else buffer.push(event);
        notify();
      }),
    );
    while (!signal?.aborted) {
      if (failure) throw failure;
      const next = buffer.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      yield next;
    }
  } finally {
    signal?.removeEventListener('abort', notify);
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
  }
}

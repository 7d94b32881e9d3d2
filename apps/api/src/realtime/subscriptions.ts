import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';

/** Active subscriptions one WebSocket connection may hold (each costs a bus handler and a buffer). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 50;

// Counted per connection. The WebSocket adapter builds one context per connection around the upgrade
// request, and that request object is what every procedure on the socket sees as `ctx.req` (procedure
// middlewares copy the context, not the request) — so it identifies the connection, and the count
// disappears with it. Over HTTP (SSE) each request is its own connection.
const activeByConnection = new WeakMap<object, number>();

export function activeSubscriptions(ctx: Pick<Context, 'req'>): number {
  return activeByConnection.get(ctx.req) ?? 0;
}

/** Takes one of the connection's subscription slots; the returned release is safe to call twice. */
export function acquireSubscriptionSlot(
  ctx: Pick<Context, 'req'>,
  limit = MAX_SUBSCRIPTIONS_PER_CONNECTION,
): () => void {
  const connection = ctx.req;
  const active = activeByConnection.get(connection) ?? 0;
  if (active >= limit) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `This connection already has ${limit} active subscriptions; stop one before starting another`,
    );
  }
  activeByConnection.set(connection, active + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    activeByConnection.set(connection, Math.max(0, (activeByConnection.get(connection) ?? 1) - 1));
  };
}

/**
 * Opens a subscription under the connection's limit: takes a slot, runs `start` (authorise, build the
 * generator — its errors reach the client as typed errors before the subscription starts) and gives
 * the slot back when the generator finishes, fails or is stopped.
 */
export async function openSubscription<T>(
  ctx: Pick<Context, 'req'>,
  signal: AbortSignal | undefined,
  start: () => Promise<AsyncGenerator<T, void, unknown>>,
): Promise<AsyncGenerator<T, void, unknown>> {
  const release = acquireSubscriptionSlot(ctx);
  // A stopped subscription whose generator never ran (client gone before its first event) still frees its slot.
  signal?.addEventListener('abort', release, { once: true });
  try {
    return releasing(await start(), release);
  } catch (error) {
    release();
    throw error;
  }
}

async function* releasing<T>(
  generator: AsyncGenerator<T, void, unknown>,
  release: () => void,
): AsyncGenerator<T, void, unknown> {
  try {
    yield* generator;
  } finally {
    release();
  }
}

import { CHAT_LIMITS } from '@plastic-crack/api-contract';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Services } from '../context.ts';
import { tooManyRequests } from '../errors.ts';

// One limiter per node's Services. With Redis the count is shared by every node; while Redis is away
// the in-memory insurance limiter counts per node, so sending keeps working (DESIGN.md §2).
const sendLimiters = new WeakMap<Services, RateLimiterAbstract>();

function sendLimiter(services: Services): RateLimiterAbstract {
  let limiter = sendLimiters.get(services);
  if (!limiter) {
    const options = {
      keyPrefix: 'rl:chat:send',
      points: CHAT_LIMITS.messagesPerWindow,
      duration: CHAT_LIMITS.messageWindowSeconds,
    };
    limiter = services.redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: services.redis,
          useRedisPackage: false, // ioredis, not node-redis
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
    sendLimiters.set(services, limiter);
  }
  return limiter;
}

/** Counts one message against the sender's quota; TOO_MANY_REQUESTS (with Retry-After) past it. */
export async function consumeSendQuota(services: Services, userId: string): Promise<void> {
  try {
    await sendLimiter(services).consume(userId);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      throw tooManyRequests(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}

// Typing indicators are throttled where they enter: at most one per user and conversation per window
// leaves this node. Per node is enough — a user types through one socket.
const TYPING_ENTRIES_BEFORE_SWEEP = 10_000;
const typingSeen = new WeakMap<Services, Map<string, number>>();

/** True when this typing signal should be forwarded; false when one was forwarded moments ago. */
export function takeTypingTurn(services: Services, userId: string, conversationId: string, now = Date.now()) {
  let seen = typingSeen.get(services);
  if (!seen) typingSeen.set(services, (seen = new Map()));
  const key = `${userId}:${conversationId}`;
  const last = seen.get(key);
  if (last !== undefined && now - last < CHAT_LIMITS.typingThrottleMs) return false;
  if (seen.size >= TYPING_ENTRIES_BEFORE_SWEEP) {
    for (const [entry, at] of seen) if (now - at >= CHAT_LIMITS.typingThrottleMs) seen.delete(entry);
  }
  seen.set(key, now);
  return true;
}

import { SOCIAL_LIMITS } from '@plastic-crack/api-contract';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Services } from '../context.ts';
import { tooManyRequests } from '../errors.ts';

// What reaches other people's screens is limited per user: comments and friend requests. Counted in
// Redis when the API has one (every node counts together), with an in-memory insurance limiter while
// Redis is away; in memory on a single node without Redis — the same arrangement as chat's send limit.

const RULES = {
  comment: {
    points: SOCIAL_LIMITS.commentsPerWindow,
    duration: SOCIAL_LIMITS.commentWindowSeconds,
  },
  friendRequest: {
    points: SOCIAL_LIMITS.friendRequestsPerWindow,
    duration: SOCIAL_LIMITS.friendRequestWindowSeconds,
  },
} as const;
export type SocialQuota = keyof typeof RULES;

const limiters = new WeakMap<object, Map<SocialQuota, RateLimiterAbstract>>();

function limiterFor(services: Pick<Services, 'redis'>, quota: SocialQuota): RateLimiterAbstract {
  let byQuota = limiters.get(services);
  if (!byQuota) limiters.set(services, (byQuota = new Map()));
  let limiter = byQuota.get(quota);
  if (!limiter) {
    const options = { keyPrefix: `rl:social:${quota}`, ...RULES[quota] };
    limiter = services.redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: services.redis,
          useRedisPackage: false, // ioredis, not node-redis
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
    byQuota.set(quota, limiter);
  }
  return limiter;
}

/** Counts one action against the user's quota; TOO_MANY_REQUESTS (with Retry-After) past it. */
export async function consumeSocialQuota(
  services: Pick<Services, 'redis'>,
  quota: SocialQuota,
  userId: string,
): Promise<void> {
  try {
    await limiterFor(services, quota).consume(userId);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      throw tooManyRequests(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}

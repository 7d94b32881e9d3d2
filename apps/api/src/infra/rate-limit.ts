import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { tooManyRequests } from '../errors.ts';

export interface RateRule {
  points: number;
  durationSeconds: number;
}

/** Production limits. Sign-in counts failures only, so people who type their password right never wait. */
export const DEFAULT_RATE_RULES = {
  signUpPerIp: { points: 10, durationSeconds: 60 * 60 },
  signInFailuresPerIp: { points: 30, durationSeconds: 15 * 60 },
  signInFailuresPerAccount: { points: 5, durationSeconds: 15 * 60 },
  passwordResetPerIp: { points: 10, durationSeconds: 60 * 60 },
  passwordResetPerEmail: { points: 3, durationSeconds: 60 * 60 },
  verificationResendPerIp: { points: 10, durationSeconds: 60 * 60 },
  verificationResendPerEmail: { points: 3, durationSeconds: 60 * 60 },
} satisfies Record<string, RateRule>;

export type RateRuleName = keyof typeof DEFAULT_RATE_RULES;
export const RATE_RULE_NAMES = Object.keys(DEFAULT_RATE_RULES) as RateRuleName[];

export interface RateLimitOptions {
  /** Namespaces the counters; nodes of one deployment share it, tests each take their own. */
  keyPrefix?: string;
  /** Replaces individual limits (tests use tiny or huge ones). */
  rules?: Partial<Record<RateRuleName, RateRule>>;
}

/**
 * Named counters behind rate-limiter-flexible: in Redis when the API has one, so every node counts
 * together, with an in-memory fallback while Redis is down; in memory on a single node without Redis.
 */
export class RateLimits {
  readonly store: 'redis' | 'memory';
  private readonly limiters: Record<RateRuleName, RateLimiterAbstract>;

  constructor(redis: Redis | null, options: RateLimitOptions = {}) {
    this.store = redis ? 'redis' : 'memory';
    const prefix = options.keyPrefix ?? 'rl';
    const build = (name: RateRuleName): RateLimiterAbstract => {
      const rule = options.rules?.[name] ?? DEFAULT_RATE_RULES[name];
      const base = { keyPrefix: `${prefix}:${name}`, points: rule.points, duration: rule.durationSeconds };
      if (!redis) return new RateLimiterMemory(base);
      return new RateLimiterRedis({
        ...base,
        storeClient: redis,
        useRedisPackage: false, // ioredis, not node-redis
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(base),
      });
    };
    this.limiters = Object.fromEntries(RATE_RULE_NAMES.map((name) => [name, build(name)])) as Record<
      RateRuleName,
      RateLimiterAbstract
    >;
  }

  /** Counts one attempt; throws TOO_MANY_REQUESTS (with retryAfterSeconds) once the limit is passed. */
  async consume(rule: RateRuleName, key: string): Promise<void> {
    try {
      await this.limiters[rule].consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooManyRequests(retryAfter(error));
      throw error;
    }
  }

  /** Gives back an attempt counted by `consume` that turned out not to count (a right password). */
  async reward(rule: RateRuleName, key: string): Promise<void> {
    await this.limiters[rule].reward(key);
  }

  /** Forgets a key's attempts (a successful sign-in clears the account's failures). */
  async reset(rule: RateRuleName, key: string): Promise<void> {
    await this.limiters[rule].delete(key);
  }
}

function retryAfter(state: RateLimiterRes): number {
  return Math.max(1, Math.ceil(state.msBeforeNext / 1000));
}

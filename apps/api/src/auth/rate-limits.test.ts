import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimits } from '../infra/rate-limit.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser } from '../../test/users.ts';
import { expectTrpcError, outboxEnv } from './testing.ts';

const FIFTEEN_MINUTES = 15 * 60;
let app: TestApi;
beforeAll(async () => {
  // Behind a trusted proxy each test can speak from its own client address.
  app = await startTestApi(
    { ...outboxEnv(), TRUST_PROXY: 'true' },
    {
      rateLimits: {
        rules: {
          signInFailuresPerIp: { points: 6, durationSeconds: FIFTEEN_MINUTES },
          signInFailuresPerAccount: { points: 3, durationSeconds: FIFTEEN_MINUTES },
          passwordResetPerIp: { points: 4, durationSeconds: 3600 },
          passwordResetPerEmail: { points: 2, durationSeconds: 3600 },
          verificationResendPerEmail: { points: 1, durationSeconds: 3600 },
        },
      },
    },
  );
});
afterAll(() => app.close());

let addressCounter = 0;
/** A client calling from its own (forwarded) address. */
function fromNewAddress() {
  addressCounter += 1;
  const ip = `198.51.100.${addressCounter}`;
  return { ip, client: app.client(() => ({ 'x-forwarded-for': ip })) };
}

const signInAttempt = (client: ReturnType<TestApi['client']>, identifier: string, password: string) =>
  client.auth.signIn.mutate({ identifier, password });

describe('rate limits', () => {
  it('counts in Redis when the API has Redis, in memory otherwise', () => {
    expect(app.services.rateLimits.store).toBe(process.env.REDIS_URL ? 'redis' : 'memory');
  });

  it('locks an account after 3 failed sign-ins, even for the right password, and says when to retry', async () => {
    const user = await createUser(app);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const { client } = fromNewAddress();
      await expectTrpcError(signInAttempt(client, user.username, 'wrong password'), 'UNAUTHORIZED');
    }
    const { client } = fromNewAddress();
    const blocked = await expectTrpcError(
      signInAttempt(client, user.email, user.password),
      'TOO_MANY_REQUESTS',
    );
    const retryAfter = blocked.data?.retryAfterSeconds ?? 0;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(FIFTEEN_MINUTES);
    await expectTrpcError(
      client.auth.token.issue.mutate({ identifier: user.username, password: user.password }),
      'TOO_MANY_REQUESTS',
    );
    // Someone else's account is not affected.
    const other = await createUser(app);
    await signInAttempt(fromNewAddress().client, other.username, other.password);
  });

  it('limits an unknown account exactly like a real one, so the limit reveals nothing', async () => {
    const user = await createUser(app);
    const outcomes: string[][] = [[], []];
    for (const [index, identifier] of [user.username, 'nobody_by_that_name'].entries()) {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const error = await expectTrpcError(
          signInAttempt(fromNewAddress().client, identifier, 'wrong password'),
          attempt < 3 ? 'UNAUTHORIZED' : 'TOO_MANY_REQUESTS',
        );
        outcomes[index]!.push(error.data!.code);
      }
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
  });

  it('forgets an account’s failures after a successful sign-in', async () => {
    const user = await createUser(app);
    const { client } = fromNewAddress();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expectTrpcError(signInAttempt(client, user.username, 'wrong password'), 'UNAUTHORIZED');
    }
    await signInAttempt(client, user.username, user.password);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expectTrpcError(signInAttempt(client, user.username, 'wrong password'), 'UNAUTHORIZED');
    }
    await signInAttempt(client, user.username, user.password);
  });

  it('limits failed sign-ins per address across accounts', async () => {
    const { client } = fromNewAddress();
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await expectTrpcError(signInAttempt(client, `guess_${attempt}`, 'wrong password'), 'UNAUTHORIZED');
    }
    const blocked = await expectTrpcError(
      signInAttempt(client, 'guess_next', 'wrong password'),
      'TOO_MANY_REQUESTS',
    );
    expect(blocked.data?.retryAfterSeconds).toBeGreaterThan(0);
    const user = await createUser(app);
    await signInAttempt(fromNewAddress().client, user.username, user.password);
  });

  it('limits sign-ups per address and creates no account past the limit', async () => {
    // Its own API: every other test signs its users up from one address.
    const strict = await startTestApi(
      { ...outboxEnv(), TRUST_PROXY: 'true' },
      { rateLimits: { rules: { signUpPerIp: { points: 2, durationSeconds: 3600 } } } },
    );
    try {
      const client = strict.client(() => ({ 'x-forwarded-for': '192.0.2.44' }));
      const signUp = (username: string) =>
        client.auth.signUp.mutate({
          email: `${username}@example.com`,
          username,
          password: 'long enough password',
        });
      await signUp('joiner_one');
      await signUp('joiner_two');
      const blocked = await expectTrpcError(signUp('joiner_three'), 'TOO_MANY_REQUESTS');
      expect(blocked.data?.retryAfterSeconds).toBeGreaterThan(3500);
      expect(await strict.database.db.user.count({ where: { username: 'joiner_three' } })).toBe(0);
      // Another address may still sign up.
      await strict
        .client(() => ({ 'x-forwarded-for': '192.0.2.45' }))
        .auth.signUp.mutate({
          email: 'joiner_four@example.com',
          username: 'joiner_four',
          password: 'long enough password',
        });
    } finally {
      await strict.close();
    }
  }, 60_000);

  it('limits password-reset requests per address and per e-mail', async () => {
    const user = await createUser(app);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await fromNewAddress().client.auth.requestPasswordReset.mutate({ email: user.email });
    }
    await expectTrpcError(
      fromNewAddress().client.auth.requestPasswordReset.mutate({ email: user.email }),
      'TOO_MANY_REQUESTS',
    );
    // An unknown address is limited the same way.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await fromNewAddress().client.auth.requestPasswordReset.mutate({ email: 'ghost@example.com' });
    }
    await expectTrpcError(
      fromNewAddress().client.auth.requestPasswordReset.mutate({ email: 'ghost@example.com' }),
      'TOO_MANY_REQUESTS',
    );
    const { client } = fromNewAddress();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await client.auth.requestPasswordReset.mutate({ email: `someone${attempt}@example.com` });
    }
    await expectTrpcError(
      client.auth.requestPasswordReset.mutate({ email: 'another@example.com' }),
      'TOO_MANY_REQUESTS',
    );
  });

  it('limits verification re-sends per e-mail', async () => {
    const user = await createUser(app);
    await user.client.auth.resendVerification.mutate();
    const blocked = await expectTrpcError(user.client.auth.resendVerification.mutate(), 'TOO_MANY_REQUESTS');
    expect(blocked.data?.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe.skipIf(!process.env.REDIS_URL)('rate limits with Redis', () => {
  it('are shared by every API node of a deployment', async () => {
    const { Redis } = await import('ioredis');
    const keyPrefix = `rl-shared-${randomBytes(4).toString('hex')}`;
    const rules = { signUpPerIp: { points: 2, durationSeconds: 60 } };
    const [redisA, redisB] = [new Redis(process.env.REDIS_URL!), new Redis(process.env.REDIS_URL!)];
    // Until a connection is ready the limiter counts in memory (see the next test).
    await Promise.all(
      [redisA, redisB].map((redis) => new Promise((resolve) => redis.once('ready', resolve))),
    );
    try {
      const nodeA = new RateLimits(redisA, { keyPrefix, rules });
      const nodeB = new RateLimits(redisB, { keyPrefix, rules });
      await nodeA.consume('signUpPerIp', '203.0.113.9');
      await nodeB.consume('signUpPerIp', '203.0.113.9');
      await expect(nodeA.consume('signUpPerIp', '203.0.113.9')).rejects.toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      // Another deployment (prefix) counts on its own.
      await new RateLimits(redisA, { keyPrefix: `${keyPrefix}-other`, rules }).consume(
        'signUpPerIp',
        '203.0.113.9',
      );
    } finally {
      redisA.disconnect();
      redisB.disconnect();
    }
  });

  it('falls back to counting in memory while Redis is unreachable', async () => {
    const { Redis } = await import('ioredis');
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    try {
      const limits = new RateLimits(down, { rules: { signUpPerIp: { points: 1, durationSeconds: 60 } } });
      await limits.consume('signUpPerIp', 'x');
      await expect(limits.consume('signUpPerIp', 'x')).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    } finally {
      down.disconnect();
    }
  });
});

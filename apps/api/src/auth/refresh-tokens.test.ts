import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { refreshTokens, type IssuedTokens } from './refresh-tokens.ts';
import { ACCESS_SESSION_LIFETIME_MS } from './sessions.ts';
import { SESSION_ENDED_CLOSE_CODE } from './socket-registry.ts';
import { bearer, expectTrpcError, openAuthedSocket, outboxEnv } from './testing.ts';
import { hashToken } from './tokens.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi(outboxEnv());
});
afterAll(() => app.close());

const issue = (user: TestUser) =>
  app.client().auth.token.issue.mutate({ identifier: user.username, password: user.password });
const refresh = (refreshToken: string) => app.client().auth.token.refresh.mutate({ refreshToken });

describe('auth.token.issue', () => {
  it('returns a 15-minute access token and a refresh token, storing only their SHA-256', async () => {
    const user = await createUser(app);
    const before = Date.now();
    const tokens = await issue(user);
    const after = Date.now();
    const expiresAt = new Date(tokens.accessTokenExpiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + ACCESS_SESSION_LIFETIME_MS);
    expect(expiresAt).toBeLessThanOrEqual(after + ACCESS_SESSION_LIFETIME_MS);

    const row = await app.database.db.refreshToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.tokenHash).toBe(hashToken(tokens.refreshToken));
    expect(row.tokenHash).not.toContain(tokens.refreshToken);
    const access = await app.database.db.session.findUniqueOrThrow({
      where: { id: hashToken(tokens.accessToken) },
    });
    expect(access).toMatchObject({ sliding: false, refreshFamilyId: row.familyId, userId: user.id });
  });

  it('gives an access token that works as a bearer token and as the WebSocket token param', async () => {
    const user = await createUser(app);
    const tokens = await issue(user);
    expect((await bearer(app, tokens.accessToken).auth.me.query())?.id).toBe(user.id);
    const socket = await openAuthedSocket(app, { token: tokens.accessToken });
    expect(socket.meId).toBe(user.id);
    socket.socket.close();
  });

  it('closes a socket opened with an access token when the token runs out', async () => {
    const user = await createUser(app);
    const tokens = await issue(user);
    await app.database.db.session.update({
      where: { id: hashToken(tokens.accessToken) },
      data: { expiresAt: new Date(Date.now() + 1_500) },
    });
    const viaToken = await openAuthedSocket(app, { token: tokens.accessToken });
    const viaCookie = await openAuthedSocket(app, { cookie: user.cookie });
    expect(viaToken.meId).toBe(user.id);
    expect(await viaToken.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    // A sliding browser session's socket is not on a timer.
    expect(viaCookie.socket.readyState).toBe(viaCookie.socket.OPEN);
    viaCookie.socket.close();
  });

  it('never slides an access session, and treats an expired one as signed out', async () => {
    const user = await createUser(app);
    const tokens = await issue(user);
    const id = hashToken(tokens.accessToken);
    const soon = new Date(Date.now() + 60_000);
    await app.database.db.session.update({ where: { id }, data: { expiresAt: soon } });
    const response = await fetch(`${app.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(response.status).toBe(200);
    const row = await app.database.db.session.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt.getTime()).toBe(soon.getTime());

    await app.database.db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await bearer(app, tokens.accessToken).auth.me.query()).toBeNull();
  });

  it('refuses bad input and wrong credentials, issuing nothing', async () => {
    const user = await createUser(app);
    const error = await expectTrpcError(
      app.client().auth.token.issue.mutate({ identifier: 'x', password: '' }),
      'BAD_REQUEST',
    );
    expect(Object.keys(error.data?.zod?.fieldErrors ?? {}).sort()).toEqual(['identifier', 'password']);
    await expectTrpcError(
      app.client().auth.token.issue.mutate({ identifier: user.username, password: 'not the password' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(
      app.client().auth.token.issue.mutate({
        identifier: user.username,
        password: user.password,
        device: { deviceId: 'x', platform: 'ios', appVersion: 'v'.repeat(30) },
      }),
      'BAD_REQUEST',
    );
    expect(await app.database.db.refreshToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await app.database.db.userDevice.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('auth.token.refresh', () => {
  it('rotates on every use: the old token is marked rotated and points at its replacement in the same family', async () => {
    const user = await createUser(app);
    const first = await issue(user);
    const second = await refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await bearer(app, second.accessToken).auth.me.query())?.id).toBe(user.id);

    const old = await app.database.db.refreshToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(first.refreshToken) },
    });
    const replacement = await app.database.db.refreshToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(second.refreshToken) },
    });
    expect(old).toMatchObject({ isRevoked: true, revokedReason: 'rotated', replacedById: replacement.id });
    expect(replacement).toMatchObject({ isRevoked: false, familyId: old.familyId });
    const third = await refresh(second.refreshToken);
    expect((await bearer(app, third.accessToken).auth.me.query())?.id).toBe(user.id);
  });

  it('detects reuse of a rotated token: the whole family and its access sessions are revoked', async () => {
    const user = await createUser(app);
    const stolen = await issue(user);
    const legit = await refresh(stolen.refreshToken);
    const socket = await openAuthedSocket(app, { token: legit.accessToken });

    await expectTrpcError(refresh(stolen.refreshToken), 'UNAUTHORIZED');
    expect(await socket.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await bearer(app, legit.accessToken).auth.me.query()).toBeNull();
    await expectTrpcError(refresh(legit.refreshToken), 'UNAUTHORIZED');
    const latest = await app.database.db.refreshToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(legit.refreshToken) },
    });
    expect(latest).toMatchObject({ isRevoked: true, revokedReason: 'reuse_detected' });
    expect(await app.database.db.session.count({ where: { refreshFamilyId: latest.familyId } })).toBe(0);
    const audit = await app.database.db.auditLog.findFirstOrThrow({
      where: { userId: user.id, action: 'auth.refresh_token_reuse' },
    });
    expect(audit.ipAddress).toMatch(/127\.0\.0\.1/);
    // The user's other sign-ins are untouched.
    expect(await user.client.auth.me.query()).not.toBeNull();
  });

  it('lets exactly one of several simultaneous refreshes of one token succeed', async () => {
    const user = await createUser(app);
    const tokens = await issue(user);
    const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => refresh(tokens.refreshToken)));
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((a) => a.status === 'rejected')) {
      expect((attempt as PromiseRejectedResult).reason.data?.code).toBe('UNAUTHORIZED');
    }
    // The losers' new tokens were rolled back: one replacement exists, and the original points at it.
    // (A loser that arrived after the winner committed saw a rotated token and revoked the family.)
    const rows = await app.database.db.refreshToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(2);
    const original = rows.find((row) => row.tokenHash === hashToken(tokens.refreshToken))!;
    const replacement = rows.find((row) => row.id !== original.id)!;
    expect(original).toMatchObject({
      isRevoked: true,
      revokedReason: 'rotated',
      replacedById: replacement.id,
    });
    expect(
      await app.database.db.session.count({ where: { refreshFamilyId: original.familyId } }),
    ).toBeLessThanOrEqual(2);
  });

  it('settles two refreshes that both read the token before either writes: the conditional update picks one', async () => {
    const user = await createUser(app);
    const tokens = await issue(user);
    // Hold both lookups until both have read the still-live token, so both reach the rotation.
    let arrived = 0;
    let releaseAll!: () => void;
    const bothRead = new Promise<void>((resolve) => (releaseAll = resolve));
    const realDb = app.database.db;
    const delegate = realDb.refreshToken;
    const gatedRefreshTokens = new Proxy(delegate, {
      get(target, prop) {
        if (prop !== 'findUnique') return Reflect.get(target, prop);
        return async (args: Parameters<typeof delegate.findUnique>[0]) => {
          const row = await target.findUnique(args);
          arrived += 1;
          if (arrived === 2) releaseAll();
          await bothRead;
          return row;
        };
      },
    });
    const db = new Proxy(realDb, {
      get(target, prop) {
        if (prop === 'refreshToken') return gatedRefreshTokens;
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const deps = { db, rateLimits: app.services.rateLimits, sockets: app.services.sockets };
    const meta = { ip: '127.0.0.1', userAgent: 'race' };
    const results = await Promise.allSettled([
      refreshTokens(deps, tokens.refreshToken, meta),
      refreshTokens(deps, tokens.refreshToken, meta),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: 'UNAUTHORIZED' });
    // Nothing of the loser's was kept, and a race is not reuse: the winner's tokens stay live.
    const rows = await realDb.refreshToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => !row.isRevoked)).toHaveLength(1);
    const winner = (
      results.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<IssuedTokens>
    ).value;
    expect((await bearer(app, winner.accessToken).auth.me.query())?.id).toBe(user.id);
    expect(await realDb.session.count({ where: { refreshFamilyId: rows[0]!.familyId } })).toBe(2);
  });

  it('refuses an unknown, malformed or expired token, and a deactivated account', async () => {
    await expectTrpcError(refresh('a'.repeat(40)), 'UNAUTHORIZED');
    await expectTrpcError(refresh('short'), 'BAD_REQUEST');
    const user = await createUser(app);
    const expired = await issue(user);
    await app.database.db.refreshToken.updateMany({
      where: { tokenHash: hashToken(expired.refreshToken) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await expectTrpcError(refresh(expired.refreshToken), 'UNAUTHORIZED');
    const live = await issue(user);
    await app.database.db.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expectTrpcError(refresh(live.refreshToken), 'UNAUTHORIZED');
  });
});

describe('auth.token.revoke', () => {
  it('ends the app sign-in: the refresh token and its access token stop working', async () => {
    const user = await createUser(app);
    const tokens = await issue(user);
    expect(await app.client().auth.token.revoke.mutate({ refreshToken: tokens.refreshToken })).toEqual({
      revoked: true,
    });
    await expectTrpcError(refresh(tokens.refreshToken), 'UNAUTHORIZED');
    expect(await bearer(app, tokens.accessToken).auth.me.query()).toBeNull();
    const row = await app.database.db.refreshToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.revokedReason).toBe('logout');
  });

  it('answers the same for an unknown token and refuses a malformed one', async () => {
    expect(await app.client().auth.token.revoke.mutate({ refreshToken: 'b'.repeat(40) })).toEqual({
      revoked: true,
    });
    await expectTrpcError(app.client().auth.token.revoke.mutate({ refreshToken: '' }), 'BAD_REQUEST');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, sessionCookieFrom } from '../../test/users.ts';
import { SESSION_ENDED_CLOSE_CODE } from './socket-registry.ts';
import { bearer, expectTrpcError, openAuthedSocket, outboxEnv } from './testing.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi(outboxEnv());
});
afterAll(() => app.close());

/** A second browser session for the same account, with its own user agent. */
async function signInAgain(user: { username: string; password: string }, userAgent = 'Firefox/140') {
  const response = await fetch(`${app.url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.origin, 'user-agent': userAgent },
    body: JSON.stringify({ identifier: user.username, password: user.password }),
  });
  expect(response.status).toBe(200);
  const cookie = sessionCookieFrom(response);
  return { cookie, client: app.client(() => ({ cookie })) };
}

const issueTokens = (user: { username: string; password: string }) =>
  app.client().auth.token.issue.mutate({
    identifier: user.username,
    password: user.password,
    device: { deviceId: 'pixel-8-install-1', platform: 'android', appVersion: '1.4.0', osVersion: '15' },
  });

describe('auth.sessions.list', () => {
  it('lists browser sessions and app sign-ins with the current one marked, newest use first', async () => {
    const user = await createUser(app);
    const other = await signInAgain(user, 'Firefox/140');
    await issueTokens(user);

    const list = await user.client.auth.sessions.list.query();
    expect(list).toHaveLength(3);
    expect(list.filter((entry) => entry.current)).toHaveLength(1);
    const current = list.find((entry) => entry.current)!;
    expect(current.kind).toBe('browser');
    expect(current.ipAddress).toMatch(/127\.0\.0\.1/);
    expect(new Date(current.createdAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(list.find((entry) => entry.userAgent === 'Firefox/140')?.current).toBe(false);
    const appSignIn = list.find((entry) => entry.kind === 'app')!;
    expect(appSignIn.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(appSignIn.device).toMatchObject({ platform: 'android', appVersion: '1.4.0', osVersion: '15' });

    // The same list from the other browser marks that one instead.
    const fromOther = await other.client.auth.sessions.list.query();
    expect(fromOther.find((entry) => entry.current)?.userAgent).toBe('Firefox/140');
  });

  it('shows a user none of another user’s sessions, and refuses a visitor', async () => {
    const [alice, bob] = await Promise.all([createUser(app), createUser(app)]);
    const bobs = await bob.client.auth.sessions.list.query();
    const alices = await alice.client.auth.sessions.list.query();
    expect(bobs.map((entry) => entry.id)).not.toContain(alices[0]!.id);
    await expectTrpcError(app.client().auth.sessions.list.query(), 'UNAUTHORIZED');
  });
});

describe('auth.sessions.revoke', () => {
  it('ends another session at once: its next HTTP call is signed out and its socket closes', async () => {
    const user = await createUser(app);
    const laptop = await signInAgain(user);
    const socket = await openAuthedSocket(app, { cookie: laptop.cookie });
    expect(socket.meId).toBe(user.id);
    const target = (await user.client.auth.sessions.list.query()).find((entry) => !entry.current)!;

    const result = await user.client.auth.sessions.revoke.mutate({ id: target.id });
    expect(result).toEqual({ revoked: true, revokedCurrent: false });
    expect(await socket.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await laptop.client.auth.me.query()).toBeNull();
    expect(await user.client.auth.me.query()).not.toBeNull();
    const audit = await app.database.db.auditLog.findFirst({
      where: { userId: user.id, action: 'auth.session_revoked' },
    });
    expect(audit?.newValues).toEqual({ sessionIdSha256: target.id });
  });

  it('ends an app sign-in: its refresh token is revoked and its access token stops working', async () => {
    const user = await createUser(app);
    const tokens = await issueTokens(user);
    const family = (await user.client.auth.sessions.list.query()).find((entry) => entry.kind === 'app')!;
    await user.client.auth.sessions.revoke.mutate({ id: family.id });
    expect(await bearer(app, tokens.accessToken).auth.me.query()).toBeNull();
    await expectTrpcError(
      app.client().auth.token.refresh.mutate({ refreshToken: tokens.refreshToken }),
      'UNAUTHORIZED',
    );
    const rows = await app.database.db.refreshToken.findMany({ where: { familyId: family.id } });
    expect(rows.every((row) => row.isRevoked && row.revokedReason === 'logout')).toBe(true);
  });

  it('refuses bad input, a visitor, and another user’s session (which keeps working)', async () => {
    const [alice, bob] = await Promise.all([createUser(app), createUser(app)]);
    const alicesSession = (await alice.client.auth.sessions.list.query())[0]!;
    await expectTrpcError(bob.client.auth.sessions.revoke.mutate({ id: 'not-a-session' }), 'BAD_REQUEST');
    await expectTrpcError(app.client().auth.sessions.revoke.mutate({ id: alicesSession.id }), 'UNAUTHORIZED');
    await expectTrpcError(bob.client.auth.sessions.revoke.mutate({ id: alicesSession.id }), 'NOT_FOUND');
    const alicesTokens = await issueTokens(alice);
    const alicesApp = (await alice.client.auth.sessions.list.query()).find((entry) => entry.kind === 'app')!;
    await expectTrpcError(bob.client.auth.sessions.revoke.mutate({ id: alicesApp.id }), 'NOT_FOUND');
    expect(await alice.client.auth.me.query()).not.toBeNull();
    expect(await bearer(app, alicesTokens.accessToken).auth.me.query()).not.toBeNull();
  });
});

describe('signing out everywhere', () => {
  it('revokeOthers ends every other session and app sign-in and keeps this one', async () => {
    const user = await createUser(app);
    const laptop = await signInAgain(user);
    const tokens = await issueTokens(user);
    const socket = await openAuthedSocket(app, { token: tokens.accessToken });
    await user.client.auth.sessions.revokeOthers.mutate();
    expect(await socket.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await laptop.client.auth.me.query()).toBeNull();
    expect(await bearer(app, tokens.accessToken).auth.me.query()).toBeNull();
    expect((await user.client.auth.me.query())?.id).toBe(user.id);
    expect(await app.database.db.refreshToken.count({ where: { userId: user.id, isRevoked: false } })).toBe(
      0,
    );
    await expectTrpcError(app.client().auth.sessions.revokeOthers.mutate(), 'UNAUTHORIZED');
  });

  it('revokeAll ends this session too and clears its cookie', async () => {
    const user = await createUser(app);
    const laptop = await signInAgain(user);
    const response = await fetch(`${app.url}/trpc/auth.sessions.revokeAll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.origin, cookie: user.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().find((value) => value.startsWith('pc_session='))).toMatch(
      /Max-Age=0/,
    );
    expect(await user.client.auth.me.query()).toBeNull();
    expect(await laptop.client.auth.me.query()).toBeNull();
    expect(await app.database.db.session.count({ where: { userId: user.id } })).toBe(0);
    await expectTrpcError(app.client().auth.sessions.revokeAll.mutate(), 'UNAUTHORIZED');
  });
});

describe('auth.devices', () => {
  const phone = {
    deviceId: 'iphone-15-abc',
    platform: 'ios' as const,
    appVersion: '2.0.1',
    osVersion: '18.2',
  };

  it('registers the current session’s device, updates it in place and toggles push', async () => {
    const user = await createUser(app);
    const registered = await user.client.auth.devices.register.mutate({
      ...phone,
      pushToken: 'apns-token-1',
    });
    expect(registered).toMatchObject({ platform: 'ios', hasPushToken: true, pushEnabled: true });
    const session = await app.database.db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.deviceId).toBe(registered.id);

    const updated = await user.client.auth.devices.register.mutate({ ...phone, appVersion: '2.1.0' });
    expect(updated.id).toBe(registered.id);
    expect(updated.appVersion).toBe('2.1.0');
    expect(await app.database.db.userDevice.count({ where: { userId: user.id } })).toBe(1);

    const muted = await user.client.auth.devices.setPush.mutate({ id: registered.id, pushEnabled: false });
    expect(muted.pushEnabled).toBe(false);
    const listed = await user.client.auth.devices.list.query();
    expect(listed).toEqual([
      expect.objectContaining({ id: registered.id, pushEnabled: false, hasPushToken: true }),
    ]);
    expect(JSON.stringify(listed)).not.toContain('apns-token-1');
  });

  it('moves a push token to its new owner so the old one is never notified', async () => {
    const [seller, buyer] = await Promise.all([createUser(app), createUser(app)]);
    const sold = await seller.client.auth.devices.register.mutate({ ...phone, pushToken: 'apns-handed-on' });
    await buyer.client.auth.devices.register.mutate({ ...phone, pushToken: 'apns-handed-on' });
    const sellersRow = await app.database.db.userDevice.findUniqueOrThrow({ where: { id: sold.id } });
    expect(sellersRow.pushToken).toBeNull();
  });

  it('removing a device signs it out and forgets it', async () => {
    const user = await createUser(app);
    const tablet = await signInAgain(user, 'Tablet');
    const device = await tablet.client.auth.devices.register.mutate({ ...phone, deviceId: 'tablet-1' });
    await user.client.auth.devices.remove.mutate({ id: device.id });
    expect(await tablet.client.auth.me.query()).toBeNull();
    expect(await user.client.auth.me.query()).not.toBeNull();
    expect(await app.database.db.userDevice.count({ where: { id: device.id } })).toBe(0);
  });

  it('refuses bad input (nothing written), a visitor, and another user’s device', async () => {
    const [alice, bob] = await Promise.all([createUser(app), createUser(app)]);
    const error = await expectTrpcError(
      alice.client.auth.devices.register.mutate({ deviceId: '', platform: 'windows-phone' as 'ios' }),
      'BAD_REQUEST',
    );
    expect(Object.keys(error.data?.zod?.fieldErrors ?? {}).sort()).toEqual(['deviceId', 'platform']);
    await expectTrpcError(
      alice.client.auth.devices.register.mutate({ ...phone, appVersion: 'x'.repeat(21) }),
      'BAD_REQUEST',
    );
    expect(await app.database.db.userDevice.count({ where: { userId: alice.id } })).toBe(0);

    await expectTrpcError(app.client().auth.devices.register.mutate(phone), 'UNAUTHORIZED');
    await expectTrpcError(app.client().auth.devices.list.query(), 'UNAUTHORIZED');

    const alices = await alice.client.auth.devices.register.mutate(phone);
    await expectTrpcError(
      bob.client.auth.devices.setPush.mutate({ id: alices.id, pushEnabled: false }),
      'NOT_FOUND',
    );
    await expectTrpcError(bob.client.auth.devices.remove.mutate({ id: alices.id }), 'NOT_FOUND');
    expect(await bob.client.auth.devices.list.query()).toEqual([]);
    const row = await app.database.db.userDevice.findUniqueOrThrow({ where: { id: alices.id } });
    expect(row.pushEnabled).toBe(true);
  });
});

describe('auth.changePassword', () => {
  it('needs the current password, then ends every other session and refresh token but keeps this one', async () => {
    const user = await createUser(app);
    const laptop = await signInAgain(user);
    const tokens = await issueTokens(user);
    const socket = await openAuthedSocket(app, { cookie: laptop.cookie });

    const wrong = await expectTrpcError(
      user.client.auth.changePassword.mutate({
        currentPassword: 'not my password',
        newPassword: 'a brand new password',
      }),
      'BAD_REQUEST',
    );
    expect(wrong.message).toMatch(/current password/);
    expect(await laptop.client.auth.me.query()).not.toBeNull();

    await user.client.auth.changePassword.mutate({
      currentPassword: user.password,
      newPassword: 'a brand new password',
    });
    expect(await socket.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await laptop.client.auth.me.query()).toBeNull();
    expect(await bearer(app, tokens.accessToken).auth.me.query()).toBeNull();
    const refresh = await app.database.db.refreshToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(refresh).toMatchObject({ isRevoked: true, revokedReason: 'password_changed' });
    expect((await user.client.auth.me.query())?.id).toBe(user.id);

    await expectTrpcError(
      app.client().auth.signIn.mutate({ identifier: user.username, password: user.password }),
      'UNAUTHORIZED',
    );
    await app.client().auth.signIn.mutate({ identifier: user.username, password: 'a brand new password' });
    expect(
      await app.database.db.auditLog.count({ where: { userId: user.id, action: 'auth.password_changed' } }),
    ).toBe(1);
  });

  it('refuses a too-short new password and a visitor, changing nothing', async () => {
    const user = await createUser(app);
    const before = await app.database.db.user.findUniqueOrThrow({ where: { id: user.id } });
    const error = await expectTrpcError(
      user.client.auth.changePassword.mutate({ currentPassword: user.password, newPassword: 'short' }),
      'BAD_REQUEST',
    );
    expect(error.data?.zod?.fieldErrors).toHaveProperty('newPassword');
    await expectTrpcError(
      app
        .client()
        .auth.changePassword.mutate({ currentPassword: user.password, newPassword: 'long enough pass' }),
      'UNAUTHORIZED',
    );
    const after = await app.database.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordHash).toBe(before.passwordHash);
  });
});

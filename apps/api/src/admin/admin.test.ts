import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInProcessBus, createRedisBus, type Bus } from '../infra/bus.ts';
import { AppSettingsStore } from '../infra/app-settings.ts';
import { SESSION_ENDED_CLOSE_CODE } from '../auth/socket-registry.ts';
import { bearer, expectTrpcError, makeAdmin, openAuthedSocket, outboxEnv } from '../auth/testing.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';

let app: TestApi;
let admin: TestUser;
beforeAll(async () => {
  app = await startTestApi(outboxEnv());
  admin = await createUser(app, { username: 'the_admin' });
  await makeAdmin(app, admin.id);
});
afterAll(() => app.close());

describe('admin.settings', () => {
  it('lists every setting with its typed value', async () => {
    const settings = await admin.client.admin.settings.list.query();
    expect(Object.fromEntries(settings.map((row) => [row.key, row.value]))).toEqual({
      maintenance_mode: false,
      max_upload_size: 5 * 1024 * 1024,
      supported_image_types: ['jpg', 'jpeg', 'png', 'webp'],
    });
    expect(settings.find((row) => row.key === 'max_upload_size')?.description).toMatch(/upload/i);
  });

  it('changes a setting and audits the old and new value', async () => {
    await admin.client.admin.settings.update.mutate({ key: 'max_upload_size', value: 10 * 1024 * 1024 });
    await admin.client.admin.settings.update.mutate({
      key: 'supported_image_types',
      value: ['png', 'webp', 'avif'],
    });
    const rows = await app.database.db.appSetting.findMany();
    const values = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    expect(values.max_upload_size).toBe(10 * 1024 * 1024);
    expect(values.supported_image_types).toEqual(['png', 'webp', 'avif']);
    const audit = await app.database.db.auditLog.findFirstOrThrow({
      where: { userId: admin.id, action: 'admin.setting_changed' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.oldValues).toEqual({ key: 'max_upload_size', value: 5 * 1024 * 1024 });
    expect(audit.newValues).toEqual({ key: 'max_upload_size', value: 10 * 1024 * 1024 });
    expect(audit.ipAddress).toMatch(/127\.0\.0\.1/);
  });

  it('refuses unknown keys and out-of-bounds or mistyped values, writing nothing', async () => {
    const before = await app.database.db.appSetting.findMany({ orderBy: { key: 'asc' } });
    const update = admin.client.admin.settings.update.mutate as (input: unknown) => Promise<unknown>;
    for (const input of [
      { key: 'free_paint_for_everyone', value: true },
      { key: 'max_upload_size', value: 512 },
      { key: 'max_upload_size', value: 51 * 1024 * 1024 },
      { key: 'max_upload_size', value: 2048.5 },
      { key: 'maintenance_mode', value: 'yes' },
      { key: 'supported_image_types', value: ['png', 'exe'] },
      { key: 'supported_image_types', value: [] },
      { key: 'supported_image_types', value: ['png', 'png'] },
    ]) {
      await expectTrpcError(update(input), 'BAD_REQUEST');
    }
    expect(await app.database.db.appSetting.findMany({ orderBy: { key: 'asc' } })).toEqual(before);
  });

  it('is refused to a normal user and to a visitor', async () => {
    const user = await createUser(app);
    await expectTrpcError(user.client.admin.settings.list.query(), 'FORBIDDEN');
    await expectTrpcError(
      user.client.admin.settings.update.mutate({ key: 'maintenance_mode', value: true }),
      'FORBIDDEN',
    );
    await expectTrpcError(app.client().admin.settings.list.query(), 'UNAUTHORIZED');
    await expectTrpcError(
      app.client().admin.settings.update.mutate({ key: 'maintenance_mode', value: true }),
      'UNAUTHORIZED',
    );
    expect((await app.services.appSettings.get()).maintenance_mode).toBe(false);
  });
});

describe('maintenance mode', () => {
  it('blocks a normal user’s mutations but not reads, sign-in, or an admin', async () => {
    const user = await createUser(app);
    await admin.client.admin.settings.update.mutate({ key: 'maintenance_mode', value: true });
    try {
      const blocked = await expectTrpcError(
        user.client.auth.devices.register.mutate({ deviceId: 'd1', platform: 'web' }),
        'SERVICE_UNAVAILABLE',
      );
      expect(blocked.message).toMatch(/^Plastic Crack is down for maintenance/);
      expect(await app.database.db.userDevice.count({ where: { userId: user.id } })).toBe(0);
      await expectTrpcError(
        app.client().auth.signUp.mutate({
          email: 'late@example.com',
          username: 'late_one',
          password: 'long enough pw',
        }),
        'SERVICE_UNAVAILABLE',
      );
      expect((await user.client.auth.me.query())?.id).toBe(user.id);
      // Signing out stays possible, with a cookie or an app's refresh token.
      expect(await app.client().auth.token.revoke.mutate({ refreshToken: 'c'.repeat(40) })).toEqual({
        revoked: true,
      });
      // Admins must be able to get in and turn it off.
      const signedIn = await app
        .client()
        .auth.signIn.mutate({ identifier: admin.username, password: admin.password });
      expect(signedIn.account.isAdmin).toBe(true);
      await admin.client.auth.devices.register.mutate({ deviceId: 'admin-laptop', platform: 'web' });
    } finally {
      await admin.client.admin.settings.update.mutate({ key: 'maintenance_mode', value: false });
    }
    await user.client.auth.devices.register.mutate({ deviceId: 'd1', platform: 'web' });
  });

  it('reaches every node at once: a cached setting is dropped when another node changes it', async () => {
    const { Redis } = await import('ioredis');
    const redis = process.env.REDIS_URL
      ? [new Redis(process.env.REDIS_URL), new Redis(process.env.REDIS_URL)]
      : [];
    const shared = createInProcessBus();
    const buses: Bus[] = redis.length
      ? redis.map((client) => createRedisBus(client, app.services.logger))
      : [shared, shared];
    try {
      const nodeA = new AppSettingsStore(app.database.db, buses[0]!, app.services.logger, 60_000);
      const nodeB = new AppSettingsStore(app.database.db, buses[1]!, app.services.logger, 60_000);
      expect((await nodeA.get()).maintenance_mode).toBe(false); // cached for a minute on node A
      await nodeB.get();
      await app.database.db.$transaction((tx) => nodeB.write(tx, { key: 'maintenance_mode', value: true }));
      await nodeB.announceChange();
      await vi.waitFor(async () => expect((await nodeA.get()).maintenance_mode).toBe(true));
    } finally {
      await app.database.db.appSetting.update({ where: { key: 'maintenance_mode' }, data: { value: false } });
      await Promise.all(buses.map((bus) => bus.close()));
      for (const client of redis) client.disconnect();
    }
  });
});

describe('admin.users', () => {
  it('lists users newest first, a page at a time, and searches usernames and e-mails', async () => {
    const tag = `pager${Date.now().toString(36)}`;
    const made: TestUser[] = [];
    for (let n = 0; n < 5; n += 1) made.push(await createUser(app, { username: `${tag}_${n}` }));
    const first = await admin.client.admin.users.list.query({ search: tag, limit: 2 });
    expect(first.users.map((user) => user.username)).toEqual([`${tag}_4`, `${tag}_3`]);
    expect(first.nextCursor).toBe(first.users[1]!.id);
    const second = await admin.client.admin.users.list.query({
      search: tag,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.users.map((user) => user.username)).toEqual([`${tag}_2`, `${tag}_1`]);
    const last = await admin.client.admin.users.list.query({
      search: tag,
      limit: 2,
      cursor: second.nextCursor!,
    });
    expect(last.users.map((user) => user.username)).toEqual([`${tag}_0`]);
    expect(last.nextCursor).toBeNull();

    const byEmail = await admin.client.admin.users.list.query({ search: made[2]!.email.toUpperCase() });
    expect(byEmail.users.map((user) => user.id)).toEqual([made[2]!.id]);
    expect(byEmail.users[0]).toMatchObject({ isActive: true, isAdmin: false, emailVerified: false });
  });

  it('refuses bad input, a normal user and a visitor', async () => {
    await expectTrpcError(admin.client.admin.users.list.query({ limit: 500 }), 'BAD_REQUEST');
    await expectTrpcError(admin.client.admin.users.list.query({ cursor: 'nope' }), 'BAD_REQUEST');
    await expectTrpcError(admin.client.admin.users.list.query({ search: 'x'.repeat(101) }), 'BAD_REQUEST');
    const user = await createUser(app);
    await expectTrpcError(user.client.admin.users.list.query({}), 'FORBIDDEN');
    await expectTrpcError(app.client().admin.users.list.query({}), 'UNAUTHORIZED');
  });

  it('deactivation ends every session, app sign-in and socket of the user at once; reactivation lets them back', async () => {
    const user = await createUser(app);
    const tokens = await app
      .client()
      .auth.token.issue.mutate({ identifier: user.username, password: user.password });
    const socket = await openAuthedSocket(app, { cookie: user.cookie });

    const deactivated = await admin.client.admin.users.deactivate.mutate({ userId: user.id });
    expect(deactivated.isActive).toBe(false);
    expect(await socket.closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(await user.client.auth.me.query()).toBeNull();
    expect(await bearer(app, tokens.accessToken).auth.me.query()).toBeNull();
    await expectTrpcError(
      app.client().auth.token.refresh.mutate({ refreshToken: tokens.refreshToken }),
      'UNAUTHORIZED',
    );
    const refused = await expectTrpcError(
      app.client().auth.signIn.mutate({ identifier: user.username, password: user.password }),
      'UNAUTHORIZED',
    );
    expect(refused.message).toBe('Wrong e-mail, username or password');
    const refreshRow = await app.database.db.refreshToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(refreshRow.revokedReason).toBe('admin_revoked');

    await admin.client.admin.users.reactivate.mutate({ userId: user.id });
    await app.client().auth.signIn.mutate({ identifier: user.username, password: user.password });
    const audits = await app.database.db.auditLog.findMany({
      where: { recordId: user.id, action: { in: ['admin.user_deactivated', 'admin.user_reactivated'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audits.map((row) => [row.action, row.userId, row.oldValues, row.newValues])).toEqual([
      ['admin.user_deactivated', admin.id, { isActive: true }, { isActive: false }],
      ['admin.user_reactivated', admin.id, { isActive: false }, { isActive: true }],
    ]);
  });

  it('refuses to deactivate oneself, an unknown user, bad input, a normal user and a visitor', async () => {
    const user = await createUser(app);
    await expectTrpcError(admin.client.admin.users.deactivate.mutate({ userId: admin.id }), 'BAD_REQUEST');
    await expectTrpcError(
      admin.client.admin.users.deactivate.mutate({ userId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      admin.client.admin.users.deactivate.mutate({ userId: 'not-a-uuid' }),
      'BAD_REQUEST',
    );
    const other = await createUser(app);
    await expectTrpcError(user.client.admin.users.deactivate.mutate({ userId: other.id }), 'FORBIDDEN');
    await expectTrpcError(app.client().admin.users.deactivate.mutate({ userId: other.id }), 'UNAUTHORIZED');
    await expectTrpcError(user.client.admin.users.reactivate.mutate({ userId: other.id }), 'FORBIDDEN');
    expect(await other.client.auth.me.query()).not.toBeNull();
    expect((await admin.client.auth.me.query())?.id).toBe(admin.id);
  });
});

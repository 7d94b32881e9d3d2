import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCOUNT_DELETION_GRACE_DAYS } from '@plastic-crack/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, sessionCookieFrom, type TestUser } from '../../test/users.ts';
import { block, follow } from '../../test/fixtures/relationships.ts';
import { solidPng } from '../../test/fixtures/images.ts';
import { hashToken } from '../auth/tokens.ts';
import { EXPORTED_TABLES, purgeDueDeletions } from './service.ts';
import { expectTrpcError } from '../../test/errors.ts';

let app: TestApi;
let uploadDir: string;
/** Tests that sign several users up (argon2 on purpose slow) or start a second API. */
const HEAVY_TEST_MS = 60_000;
beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'pc-account-test-'));
  app = await startTestApi({ UPLOAD_DIR: uploadDir });
});
afterAll(async () => {
  await app.close();
  await rm(uploadDir, { recursive: true, force: true });
});

/** Signs the user in again, giving them a second session; returns its cookie. */
async function signInAgain(user: TestUser): Promise<string> {
  const response = await fetch(`${app.url}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.origin },
    body: JSON.stringify({ identifier: user.username, password: user.password }),
  });
  expect(response.status).toBe(200);
  return sessionCookieFrom(response);
}

async function uploadAvatar(user: TestUser): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await solidPng())], { type: 'image/png' }), 'me.png');
  const response = await fetch(`${app.url}/uploads/avatar`, {
    method: 'POST',
    headers: { origin: app.origin, cookie: user.cookie },
    body: form,
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { avatarUrl: string }).avatarUrl;
}

/** A little of everything a user can own, marked with `tag` so the export can be searched. */
async function seedContent(user: TestUser, tag: string, other: TestUser) {
  const db = app.database.db;
  await user.client.profile.update.mutate({ bio: `${tag} bio` });
  const model = await db.userModel.create({ data: { userId: user.id, name: `${tag} Intercessor` } });
  await db.modelPhoto.create({
    data: {
      userModelId: model.id,
      storageKey: `photos/${tag}-secret-storage-key.webp`,
      mimeType: 'image/webp',
      url: `/uploads/photos/${tag}.webp`,
    },
  });
  const army = await db.army.create({ data: { userId: user.id, name: `${tag} Strike Force` } });
  await db.armyModel.create({ data: { armyId: army.id, userModelId: model.id } });
  const wishlist = await db.wishlist.create({ data: { userId: user.id, name: `${tag} wants` } });
  await db.wishlistItem.create({ data: { wishlistId: wishlist.id, name: `${tag} Land Raider` } });
  await db.comment.create({ data: { userId: user.id, userModelId: model.id, content: `${tag} comment` } });
  const othersModel = await db.userModel.create({
    data: { userId: other.id, name: `${tag} liked model of another` },
  });
  await db.modelLike.create({ data: { userId: user.id, userModelId: othersModel.id } });
  await db.notification.create({ data: { userId: user.id, type: 'system', title: `${tag} notification` } });
  await db.activity.create({
    data: { userId: user.id, activityType: 'model_added', data: { note: `${tag} activity` } },
  });
  return { model };
}

describe('account.export', () => {
  it(
    "contains the user's rows across tables and nothing of anyone else's",
    async () => {
      const alice = await createUser(app);
      const bob = await createUser(app);
      const carol = await createUser(app);
      const db = app.database.db;
      const { model: alicesModel } = await seedContent(alice, 'ALICE', bob);
      await seedContent(bob, 'BOB', alice);
      await follow(db, alice.id, bob.id);
      await follow(db, bob.id, alice.id);
      await block(db, carol.id, alice.id);
      // Bob's words on Alice's model and in their chat are Bob's, not Alice's.
      await db.comment.create({
        data: { userId: bob.id, userModelId: alicesModel.id, content: 'BOB on alice model' },
      });
      const conversation = await db.conversation.create({
        data: { createdById: alice.id, participants: { create: [{ userId: alice.id }, { userId: bob.id }] } },
      });
      await db.message.create({
        data: { conversationId: conversation.id, userId: alice.id, content: 'ALICE says hi' },
      });
      await db.message.create({
        data: { conversationId: conversation.id, userId: bob.id, content: 'BOB says hi' },
      });
      const secondCookie = await signInAgain(alice);

      const exported = await alice.client.account.export.query();
      expect(exported.userId).toBe(alice.id);
      expect(Object.keys(exported.data).sort()).toEqual([...EXPORTED_TABLES].sort());
      const json = JSON.stringify(exported);
      for (const mine of [
        'ALICE bio',
        'ALICE Intercessor',
        'ALICE Strike Force',
        'ALICE wants',
        'ALICE Land Raider',
        'ALICE comment',
        'ALICE notification',
        'ALICE activity',
        'ALICE says hi',
        alice.email,
      ]) {
        expect(json, mine).toContain(mine);
      }
      for (const theirs of [
        'BOB bio',
        'BOB Intercessor',
        'BOB comment',
        'BOB on alice model',
        'BOB says hi',
        'BOB notification',
        bob.email,
        carol.id,
      ]) {
        expect(json, theirs).not.toContain(theirs);
      }
      const data = exported.data as Record<string, unknown>;
      expect(data.sessions).toHaveLength(2);
      expect(data.modelLikes).toHaveLength(1);
      expect((data.relationships as { mine: unknown[]; followers: unknown[] }).mine).toHaveLength(1);
      // Who follows me is mine to know; who blocked me is not.
      expect(
        (data.relationships as { followers: { followerId: string }[] }).followers.map(
          (row) => row.followerId,
        ),
      ).toEqual([bob.id]);

      // No secrets: no password hash, no session ids (they are token hashes), no storage keys.
      const row = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
      expect(json).not.toContain(row.passwordHash!);
      expect(json).not.toContain('passwordHash');
      expect(json).not.toContain(hashToken(alice.token));
      expect(json).not.toContain(hashToken(decodeURIComponent(secondCookie.split('=')[1]!)));
      expect(json).not.toContain('secret-storage-key');
    },
    HEAVY_TEST_MS,
  );

  it('refuses an anonymous caller', async () => {
    await expectTrpcError(app.client().account.export.query(), 'UNAUTHORIZED');
  });

  it('gives another user their own export, never mine', async () => {
    const alice = await createUser(app);
    const bob = await createUser(app);
    await alice.client.profile.update.mutate({ bio: 'only alice knows' });
    const bobsExport = await bob.client.account.export.query();
    expect(bobsExport.userId).toBe(bob.id);
    expect(JSON.stringify(bobsExport)).not.toContain('only alice knows');
  });
});

describe('account.requestDeletion / cancelDeletion', () => {
  it(
    'schedules deletion 14 days ahead, ends the other sessions, hides the profile, and can be cancelled',
    async () => {
      const user = await createUser(app);
      const viewer = await createUser(app);
      const otherCookie = await signInAgain(user);
      const before = Date.now();
      const { deletionScheduledAt } = await user.client.account.requestDeletion.mutate({
        password: user.password,
      });
      const expected = before + ACCOUNT_DELETION_GRACE_DAYS * 24 * 3600 * 1000;
      expect(new Date(deletionScheduledAt!).getTime()).toBeGreaterThanOrEqual(expected);
      expect(new Date(deletionScheduledAt!).getTime()).toBeLessThan(expected + 60_000);

      // This session stays (to cancel from); the other one is gone.
      expect((await user.client.profile.me.query()).deletionScheduledAt).not.toBeNull();
      expect(await app.client(() => ({ cookie: otherCookie })).auth.me.query()).toBeNull();
      await expectTrpcError(viewer.client.profile.byUsername.query({ username: user.username }), 'NOT_FOUND');

      const audit = await app.database.db.auditLog.findFirst({
        where: { userId: user.id, action: 'auth.sessions_revoked' },
      });
      expect(audit?.newValues).toMatchObject({ reason: 'account_deletion_requested' });

      // Asking again keeps the first date.
      const again = await user.client.account.requestDeletion.mutate({ password: user.password });
      expect(again.deletionScheduledAt).toEqual(deletionScheduledAt);

      // Signing in before the date, then cancelling, keeps the account.
      const freshCookie = await signInAgain(user);
      const fresh = app.client(() => ({ cookie: freshCookie }));
      expect(await fresh.account.cancelDeletion.mutate()).toEqual({ deletionScheduledAt: null });
      expect((await fresh.profile.me.query()).deletionScheduledAt).toBeNull();
      expect((await viewer.client.profile.byUsername.query({ username: user.username })).access).toBe('full');
    },
    HEAVY_TEST_MS,
  );

  it('refuses a wrong or missing password and writes nothing', async () => {
    const user = await createUser(app);
    const otherCookie = await signInAgain(user);
    const wrong = await expectTrpcError(
      user.client.account.requestDeletion.mutate({ password: 'not my password at all' }),
      'BAD_REQUEST',
    );
    expect(wrong.message).toMatch(/password/);
    await expectTrpcError(
      user.client.account.requestDeletion.mutate({ confirmUsername: user.username }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      user.client.account.requestDeletion.mutate({} as { password: string }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      user.client.account.requestDeletion.mutate({ password: 'x'.repeat(129) }),
      'BAD_REQUEST',
    );
    const row = await app.database.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.deletionScheduledAt).toBeNull();
    expect((await app.client(() => ({ cookie: otherCookie })).auth.me.query())?.id).toBe(user.id);
  });

  it(
    'counts wrong passwords as failed sign-ins and stops guessing at the limit',
    async () => {
      const limited = await startTestApi(
        { UPLOAD_DIR: uploadDir },
        { rateLimits: { rules: { signInFailuresPerAccount: { points: 2, durationSeconds: 900 } } } },
      );
      try {
        const user = await createUser(limited);
        for (let attempt = 0; attempt < 2; attempt += 1) {
          await expectTrpcError(
            user.client.account.requestDeletion.mutate({ password: `guess number ${attempt}` }),
            'BAD_REQUEST',
          );
        }
        // Even the right password waits now.
        const blocked = await expectTrpcError(
          user.client.account.requestDeletion.mutate({ password: user.password }),
          'TOO_MANY_REQUESTS',
        );
        expect(blocked.data?.retryAfterSeconds).toBeGreaterThan(0);
        expect(
          (await limited.database.db.user.findUniqueOrThrow({ where: { id: user.id } })).deletionScheduledAt,
        ).toBeNull();
      } finally {
        await limited.close();
      }
    },
    HEAVY_TEST_MS,
  );

  it('lets an OAuth-only account confirm by typing its username', async () => {
    const user = await createUser(app);
    await app.database.db.user.update({ where: { id: user.id }, data: { passwordHash: null } });
    expect((await user.client.profile.me.query()).hasPassword).toBe(false);
    await expectTrpcError(
      user.client.account.requestDeletion.mutate({ confirmUsername: 'someone_else' }),
      'BAD_REQUEST',
    );
    expect(
      (await app.database.db.user.findUniqueOrThrow({ where: { id: user.id } })).deletionScheduledAt,
    ).toBeNull();
    const { deletionScheduledAt } = await user.client.account.requestDeletion.mutate({
      confirmUsername: user.username.toUpperCase(),
    });
    expect(deletionScheduledAt).not.toBeNull();
  });

  it('refuses anonymous callers', async () => {
    await expectTrpcError(
      app.client().account.requestDeletion.mutate({ password: 'whatever it is' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(app.client().account.cancelDeletion.mutate(), 'UNAUTHORIZED');
  });

  it('does not let another user cancel or schedule mine', async () => {
    const alice = await createUser(app);
    const bob = await createUser(app, { password: 'bob keeps his own password' });
    await alice.client.account.requestDeletion.mutate({ password: alice.password });
    await bob.client.account.cancelDeletion.mutate();
    expect((await alice.client.profile.me.query()).deletionScheduledAt).not.toBeNull();
    // Bob's password only ever confirms Bob's own account.
    await expectTrpcError(
      alice.client.account.requestDeletion.mutate({ password: bob.password }),
      'BAD_REQUEST',
    );
    expect((await bob.client.profile.me.query()).deletionScheduledAt).toBeNull();
  });
});

describe('purgeDueDeletions', () => {
  it(
    'deletes accounts whose time has passed, with their rows and files, and keeps the rest',
    async () => {
      const db = app.database.db;
      const due = await createUser(app);
      const notYet = await createUser(app);
      const keeping = await createUser(app);
      await uploadAvatar(due);
      const keptAvatar = await uploadAvatar(keeping);
      await seedContent(due, 'DUE', keeping);
      await follow(db, keeping.id, due.id);
      await db.user.update({
        where: { id: due.id },
        data: { deletionScheduledAt: new Date(Date.now() - 60_000) },
      });
      await db.user.update({
        where: { id: notYet.id },
        data: { deletionScheduledAt: new Date(Date.now() + 60_000) },
      });

      const { purgedUserIds } = await purgeDueDeletions(db, { storage: app.services.storage });
      expect(purgedUserIds).toEqual([due.id]);
      expect(await db.user.findUnique({ where: { id: due.id } })).toBeNull();
      for (const count of [
        db.userModel.count({ where: { userId: due.id } }),
        db.army.count({ where: { userId: due.id } }),
        db.wishlist.count({ where: { userId: due.id } }),
        db.comment.count({ where: { userId: due.id } }),
        db.session.count({ where: { userId: due.id } }),
        db.notification.count({ where: { userId: due.id } }),
        db.activity.count({ where: { userId: due.id } }),
        db.userRelationship.count({ where: { followingId: due.id } }),
      ]) {
        expect(await count).toBe(0);
      }
      expect(await db.user.count({ where: { id: { in: [notYet.id, keeping.id] } } })).toBe(2);
      // Only the kept user's avatar (and its thumbnail) remain on disk.
      const keptName = keptAvatar.split('/').pop()!.replace('.webp', '');
      expect((await readdir(path.join(uploadDir, 'avatars'))).sort()).toEqual([
        `${keptName}-thumb.webp`,
        `${keptName}.webp`,
      ]);
      expect(await due.client.auth.me.query()).toBeNull();

      // Nothing more is due.
      expect((await purgeDueDeletions(db)).purgedUserIds).toEqual([]);
    },
    HEAVY_TEST_MS,
  );

  it('spares an account whose deletion was cancelled before the purge got to it', async () => {
    const db = app.database.db;
    const user = await createUser(app);
    const past = new Date(Date.now() - 1000);
    await db.user.update({ where: { id: user.id }, data: { deletionScheduledAt: past } });
    await user.client.account.cancelDeletion.mutate();
    expect((await purgeDueDeletions(db, { now: new Date() })).purgedUserIds).not.toContain(user.id);
    expect(await db.user.count({ where: { id: user.id } })).toBe(1);
  });
});

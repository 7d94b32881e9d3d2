import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_AI_PREFERENCES,
  DEFAULT_NOTIFICATION_PREFERENCES,
  type NotificationPreferences,
} from '@plastic-crack/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { befriend, block, follow } from '../../test/fixtures/relationships.ts';
import { solidPng } from '../../test/fixtures/images.ts';
import { expectTrpcError } from '../../test/errors.ts';

let app: TestApi;
let uploadDir: string;
beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'pc-profiles-test-'));
  app = await startTestApi({ UPLOAD_DIR: uploadDir });
});
afterAll(async () => {
  await app.close();
  await rm(uploadDir, { recursive: true, force: true });
});

const userRow = (user: TestUser) => app.database.db.user.findUniqueOrThrow({ where: { id: user.id } });

describe('profile.me', () => {
  it('returns the whole own profile with preferences filled from the defaults', async () => {
    const user = await createUser(app);
    const me = await user.client.profile.me.query();
    expect(me).toMatchObject({
      id: user.id,
      username: user.username,
      email: user.email,
      privacySetting: 'public',
      experienceLevel: 'beginner',
      preferredGameSystems: [],
      avatarUrl: null,
      deletionScheduledAt: null,
      hasPassword: true,
    });
    expect(me.notificationPreferences).toEqual(DEFAULT_NOTIFICATION_PREFERENCES);
    expect(me.aiPreferences).toEqual(DEFAULT_AI_PREFERENCES);
    expect(me).not.toHaveProperty('passwordHash');
  });

  it('reads partial or malformed stored preferences field by field', async () => {
    const user = await createUser(app);
    await app.database.db.user.update({
      where: { id: user.id },
      data: {
        notificationPreferences: {
          like: { inApp: false, push: false, email: false },
          comment: 'loud',
          digest: 'hourly',
        },
        aiPreferences: ['not', 'an', 'object'],
      },
    });
    const me = await user.client.profile.me.query();
    expect(me.notificationPreferences.like).toEqual({ inApp: false, push: false, email: false });
    expect(me.notificationPreferences.comment).toEqual(DEFAULT_NOTIFICATION_PREFERENCES.comment);
    expect(me.notificationPreferences.digest).toBe(DEFAULT_NOTIFICATION_PREFERENCES.digest);
    expect(me.aiPreferences).toEqual(DEFAULT_AI_PREFERENCES);
  });

  it('refuses an anonymous caller', async () => {
    await expectTrpcError(app.client().profile.me.query(), 'UNAUTHORIZED');
  });

  it("only ever answers with the caller's own profile", async () => {
    const alice = await createUser(app);
    const bob = await createUser(app);
    await alice.client.profile.update.mutate({ bio: 'Alice paints Ultramarines' });
    const bobsView = await bob.client.profile.me.query();
    expect(bobsView.id).toBe(bob.id);
    expect(bobsView.bio).toBeNull();
    expect(JSON.stringify(bobsView)).not.toContain(alice.email);
  });
});

describe('profile.update', () => {
  const notificationPreferences: NotificationPreferences = {
    ...DEFAULT_NOTIFICATION_PREFERENCES,
    like: { inApp: false, push: false, email: false },
    message: { inApp: true, push: false, email: true },
    digest: 'never',
  };

  it('writes the given fields, de-duplicates lists, and leaves the others alone', async () => {
    const user = await createUser(app);
    const updated = await user.client.profile.update.mutate({
      firstName: '  Ada ',
      lastName: 'Painter',
      bio: 'Slow painter.\nFast collector.',
      location: 'Nottingham',
      privacySetting: 'friends',
      experienceLevel: 'advanced',
      preferredGameSystems: ['Warhammer 40,000', 'Age of Sigmar', 'warhammer 40,000'],
      preferredPaintBrands: ['Citadel', 'Vallejo', 'Army Painter'],
      notificationPreferences,
      aiPreferences: { ...DEFAULT_AI_PREFERENCES, purchaseRecommendations: true, skillLevelHint: 'expert' },
    });
    expect(updated).toMatchObject({
      firstName: 'Ada',
      lastName: 'Painter',
      bio: 'Slow painter.\nFast collector.',
      privacySetting: 'friends',
      experienceLevel: 'advanced',
      preferredGameSystems: ['Warhammer 40,000', 'Age of Sigmar'],
      preferredPaintBrands: ['Citadel', 'Vallejo', 'Army Painter'],
      notificationPreferences,
    });
    const row = await userRow(user);
    expect(row.notificationPreferences).toEqual(notificationPreferences);
    expect(row.aiPreferences).toMatchObject({ purchaseRecommendations: true, skillLevelHint: 'expert' });

    // A later partial update changes only what it names; '' clears a text field.
    await user.client.profile.update.mutate({ location: '', experienceLevel: 'expert' });
    const after = await userRow(user);
    expect(after).toMatchObject({
      location: null,
      experienceLevel: 'expert',
      firstName: 'Ada',
      privacySetting: 'friends',
    });
    expect(after.notificationPreferences).toEqual(notificationPreferences);
  });

  it.each([
    ['a bio over 2,000 characters', { bio: 'x'.repeat(2001) }, 'bio'],
    [
      '21 game systems',
      { preferredGameSystems: Array.from({ length: 21 }, (_, n) => `System ${n}`) },
      'preferredGameSystems',
    ],
    [
      '31 paint brands',
      { preferredPaintBrands: Array.from({ length: 31 }, (_, n) => `Brand ${n}`) },
      'preferredPaintBrands',
    ],
    ['an unknown privacy level', { privacySetting: 'secret' }, 'privacySetting'],
    [
      'a half-filled notification preference',
      { notificationPreferences: { like: { inApp: true } } },
      'notificationPreferences',
    ],
    [
      'an unknown AI preference',
      { aiPreferences: { ...DEFAULT_AI_PREFERENCES, mindReading: true } },
      'aiPreferences',
    ],
    ['a control character in a name', { firstName: 'Ada\u0000' }, 'firstName'],
    ['an unknown field', { isAdmin: true }, null],
    ['nothing at all', {}, null],
  ])('refuses %s with BAD_REQUEST and writes nothing', async (_label, input, field) => {
    const user = await createUser(app);
    const before = await userRow(user);
    const error = await expectTrpcError(
      user.client.profile.update.mutate(input as Parameters<typeof user.client.profile.update.mutate>[0]),
      'BAD_REQUEST',
    );
    if (field) expect(Object.keys(error.data?.zod?.fieldErrors ?? {})).toContain(field);
    expect(await userRow(user)).toEqual(before);
  });

  it('refuses an anonymous caller', async () => {
    await expectTrpcError(app.client().profile.update.mutate({ bio: 'who am I' }), 'UNAUTHORIZED');
  });

  it("never changes another user's profile", async () => {
    const alice = await createUser(app);
    const bob = await createUser(app);
    const alicesBefore = await userRow(alice);
    await bob.client.profile.update.mutate({ bio: 'Bob was here', privacySetting: 'private' });
    expect(await userRow(alice)).toEqual(alicesBefore);
  });
});

describe('profile.byUsername', () => {
  let owner: TestUser;
  let friend: TestUser;
  let follower: TestUser;
  let stranger: TestUser;
  let blocked: TestUser;

  beforeAll(async () => {
    [owner, friend, follower, stranger, blocked] = await Promise.all([
      createUser(app),
      createUser(app),
      createUser(app),
      createUser(app),
      createUser(app),
    ]);
    await owner.client.profile.update.mutate({
      firstName: 'Owen',
      bio: 'Grey Knights, slowly',
      preferredGameSystems: ['Warhammer 40,000'],
    });
    await befriend(app.database.db, owner.id, friend.id);
    await follow(app.database.db, follower.id, owner.id);
    await block(app.database.db, owner.id, blocked.id);
  });

  const setPrivacy = (privacySetting: 'public' | 'friends' | 'private') =>
    owner.client.profile.update.mutate({ privacySetting });

  it('shows a public profile in full to anyone, signed in or not, without private fields', async () => {
    await setPrivacy('public');
    const anonymous = await app.client().profile.byUsername.query({ username: owner.username.toUpperCase() });
    expect(anonymous.access).toBe('full');
    expect(anonymous.profile).toMatchObject({
      username: owner.username,
      firstName: 'Owen',
      bio: 'Grey Knights, slowly',
    });
    expect(anonymous.relationship).toEqual({ self: false, friend: false, follows: false });
    for (const secret of [
      'email',
      'passwordHash',
      'notificationPreferences',
      'aiPreferences',
      'deletionScheduledAt',
      'isActive',
    ]) {
      expect(anonymous.profile).not.toHaveProperty(secret);
    }
    const seenByFollower = await follower.client.profile.byUsername.query({ username: owner.username });
    expect(seenByFollower.relationship).toEqual({ self: false, friend: false, follows: true });
    if (seenByFollower.access !== 'full') throw new Error('expected the full profile');
    expect(seenByFollower.profile.stats.followerCount).toBe(2); // the follower and the friend
  });

  it('shows a friends-only profile in full to friends and only a card to everyone else', async () => {
    await setPrivacy('friends');
    const seenByFriend = await friend.client.profile.byUsername.query({ username: owner.username });
    expect(seenByFriend.access).toBe('full');
    expect(seenByFriend.relationship.friend).toBe(true);
    for (const viewer of [app.client(), stranger.client, follower.client]) {
      const card = await viewer.profile.byUsername.query({ username: owner.username });
      expect(card.access).toBe('card');
      expect(Object.keys(card.profile).sort()).toEqual([
        'avatarThumbnailUrl',
        'avatarUrl',
        'id',
        'privacySetting',
        'username',
      ]);
    }
  });

  it('hides a private profile from everyone but its owner, as NOT_FOUND', async () => {
    await setPrivacy('private');
    for (const viewer of [app.client(), stranger.client, friend.client, follower.client]) {
      await expectTrpcError(viewer.profile.byUsername.query({ username: owner.username }), 'NOT_FOUND');
    }
    const own = await owner.client.profile.byUsername.query({ username: owner.username });
    expect(own.access).toBe('full');
    expect(own.relationship.self).toBe(true);
  });

  it('answers a block in either direction exactly like an unknown username', async () => {
    await setPrivacy('public');
    const hidden = await expectTrpcError(
      blocked.client.profile.byUsername.query({ username: owner.username }),
      'NOT_FOUND',
    );
    const unknown = await expectTrpcError(
      blocked.client.profile.byUsername.query({ username: 'nobody_by_that_name' }),
      'NOT_FOUND',
    );
    expect(hidden.message).toBe(unknown.message);
    await expectTrpcError(owner.client.profile.byUsername.query({ username: blocked.username }), 'NOT_FOUND');
  });

  it('hides an account that is scheduled for deletion', async () => {
    const leaving = await createUser(app);
    await app.database.db.user.update({
      where: { id: leaving.id },
      data: { deletionScheduledAt: new Date(Date.now() + 86_400_000) },
    });
    await expectTrpcError(
      stranger.client.profile.byUsername.query({ username: leaving.username }),
      'NOT_FOUND',
    );
  });

  it('refuses a malformed username as BAD_REQUEST', async () => {
    await expectTrpcError(
      app.client().profile.byUsername.query({ username: 'has spaces/and slashes' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(app.client().profile.byUsername.query({ username: 'x'.repeat(51) }), 'BAD_REQUEST');
  });
});

describe('profile.removeAvatar', () => {
  it('clears the avatar and deletes its files', async () => {
    const user = await createUser(app);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await solidPng())], { type: 'image/png' }), 'me.png');
    const upload = await fetch(`${app.url}/uploads/avatar`, {
      method: 'POST',
      headers: { origin: app.origin, cookie: user.cookie },
      body: form,
    });
    expect(upload.status).toBe(201);
    expect(await readdir(path.join(uploadDir, 'avatars'))).toHaveLength(2);
    const me = await user.client.profile.removeAvatar.mutate();
    expect(me.avatarUrl).toBeNull();
    expect(me.avatarThumbnailUrl).toBeNull();
    expect(await readdir(path.join(uploadDir, 'avatars'))).toEqual([]);
  });

  it('refuses an anonymous caller', async () => {
    await expectTrpcError(app.client().profile.removeAvatar.mutate(), 'UNAUTHORIZED');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@plastic-crack/db';
import { createTestDatabase, type TestDatabase } from '@plastic-crack/db/testing';
import { befriend, block, follow, insertUser } from '../../test/fixtures/relationships.ts';
import {
  accessToOwner,
  canViewOwner,
  relationshipBetween,
  visibleOwnersWhere,
  type Access,
  type Relationship,
} from './visibility.ts';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

type OwnerKind = 'public' | 'friends' | 'private' | 'deactivated' | 'deletionScheduled';
type ViewerKind =
  | 'anonymous'
  | 'stranger'
  | 'follower'
  | 'followedByOwner'
  | 'halfFriend'
  | 'friend'
  | 'blockedByOwner'
  | 'blocksOwner'
  | 'friendThenBlocked'
  | 'self';

const OWNER_KINDS: OwnerKind[] = ['public', 'friends', 'private', 'deactivated', 'deletionScheduled'];

/** Expected access per viewer kind, in OWNER_KINDS order. */
const EXPECTED: Record<ViewerKind, Access[]> = {
  anonymous: ['full', 'card', 'hidden', 'hidden', 'hidden'],
  stranger: ['full', 'card', 'hidden', 'hidden', 'hidden'],
  follower: ['full', 'card', 'hidden', 'hidden', 'hidden'],
  followedByOwner: ['full', 'card', 'hidden', 'hidden', 'hidden'],
  // A friend row one way only (a half-written pair) is not friendship.
  halfFriend: ['full', 'card', 'hidden', 'hidden', 'hidden'],
  friend: ['full', 'full', 'hidden', 'hidden', 'hidden'],
  blockedByOwner: ['hidden', 'hidden', 'hidden', 'hidden', 'hidden'],
  blocksOwner: ['hidden', 'hidden', 'hidden', 'hidden', 'hidden'],
  // Friends, then the owner blocks: the block wins over the remaining friend row.
  friendThenBlocked: ['hidden', 'hidden', 'hidden', 'hidden', 'hidden'],
  self: ['full', 'full', 'full', 'full', 'full'],
};

const EXPECTED_RELATIONSHIP: Record<ViewerKind, Relationship> = {
  anonymous: { self: false, friend: false, follows: false, blockedEitherWay: false },
  stranger: { self: false, friend: false, follows: false, blockedEitherWay: false },
  follower: { self: false, friend: false, follows: true, blockedEitherWay: false },
  followedByOwner: { self: false, friend: false, follows: false, blockedEitherWay: false },
  halfFriend: { self: false, friend: false, follows: true, blockedEitherWay: false },
  friend: { self: false, friend: true, follows: true, blockedEitherWay: false },
  blockedByOwner: { self: false, friend: false, follows: false, blockedEitherWay: true },
  blocksOwner: { self: false, friend: false, follows: false, blockedEitherWay: true },
  friendThenBlocked: { self: false, friend: false, follows: false, blockedEitherWay: true },
  self: { self: true, friend: false, follows: false, blockedEitherWay: false },
};

const owners = new Map<OwnerKind, string>();
const viewers = new Map<Exclude<ViewerKind, 'self'>, string | null>();

beforeAll(async () => {
  for (const kind of OWNER_KINDS) {
    const { id } = await insertUser(db, {
      privacySetting: kind === 'friends' || kind === 'private' ? kind : 'public',
      isActive: kind !== 'deactivated',
      deletionScheduledAt: kind === 'deletionScheduled' ? new Date(Date.now() + 86_400_000) : null,
    });
    owners.set(kind, id);
  }
  viewers.set('anonymous', null);
  for (const kind of Object.keys(EXPECTED) as ViewerKind[]) {
    if (kind === 'anonymous' || kind === 'self') continue;
    const viewer = (await insertUser(db)).id;
    viewers.set(kind, viewer);
    for (const owner of owners.values()) {
      if (kind === 'follower') await follow(db, viewer, owner);
      if (kind === 'followedByOwner') await follow(db, owner, viewer);
      if (kind === 'halfFriend')
        await db.userRelationship.create({
          data: { followerId: viewer, followingId: owner, relationshipType: 'friend' },
        });
      if (kind === 'friend') await befriend(db, viewer, owner);
      if (kind === 'blockedByOwner') await block(db, owner, viewer);
      if (kind === 'blocksOwner') await block(db, viewer, owner);
      if (kind === 'friendThenBlocked') {
        await befriend(db, viewer, owner);
        await block(db, owner, viewer);
      }
    }
  }
});

const cases = (Object.keys(EXPECTED) as ViewerKind[]).flatMap((viewer) =>
  OWNER_KINDS.map((owner, index) => ({ viewer, owner, expected: EXPECTED[viewer][index]! })),
);

function viewerFor(viewer: ViewerKind, ownerId: string): string | null {
  return viewer === 'self' ? ownerId : viewers.get(viewer)!;
}

describe('the visibility rule', () => {
  it.each(cases)('$viewer viewing a $owner owner: $expected', async ({ viewer, owner, expected }) => {
    const ownerId = owners.get(owner)!;
    const viewerId = viewerFor(viewer, ownerId);
    expect(await accessToOwner(db, viewerId, ownerId)).toBe(expected);
    expect(await canViewOwner(db, viewerId, ownerId)).toBe(expected === 'full');
  });

  it.each(Object.keys(EXPECTED) as ViewerKind[])(
    'relationshipBetween reports the facts for a %s',
    async (viewer) => {
      const ownerId = owners.get('public')!;
      expect(await relationshipBetween(db, viewerFor(viewer, ownerId), ownerId)).toEqual(
        EXPECTED_RELATIONSHIP[viewer],
      );
    },
  );

  it.each(Object.keys(EXPECTED) as ViewerKind[])(
    'visibleOwnersWhere lists exactly the owners a %s may see in full',
    async (viewer) => {
      // Self differs per owner: ask as each owner in turn (the other owners are strangers to it).
      const askers =
        viewer === 'self' ? OWNER_KINDS.map((kind) => owners.get(kind)!) : [viewers.get(viewer)!];
      for (const viewerId of askers) {
        const visible = await db.user.findMany({
          where: { AND: [visibleOwnersWhere(viewerId), { id: { in: [...owners.values()] } }] },
          select: { id: true },
        });
        const expected = OWNER_KINDS.filter((kind, index) =>
          viewer === 'self'
            ? owners.get(kind) === viewerId || EXPECTED.stranger[index] === 'full'
            : EXPECTED[viewer][index] === 'full',
        ).map((kind) => owners.get(kind)!);
        expect(visible.map((row) => row.id).sort()).toEqual(expected.sort());
      }
    },
  );

  it('composes into a list over another table (collection items of visible owners)', async () => {
    const friendViewer = viewers.get('friend')!;
    for (const kind of ['public', 'friends', 'private'] as const) {
      await db.userModel.create({ data: { userId: owners.get(kind)!, name: `${kind} marine` } });
    }
    const seenByFriend = await db.userModel.findMany({
      where: { user: visibleOwnersWhere(friendViewer), userId: { in: [...owners.values()] } },
      select: { name: true },
    });
    expect(seenByFriend.map((row) => row.name).sort()).toEqual(['friends marine', 'public marine']);
    const seenByAnonymous = await db.userModel.findMany({
      where: { user: visibleOwnersWhere(null), userId: { in: [...owners.values()] } },
      select: { name: true },
    });
    expect(seenByAnonymous.map((row) => row.name)).toEqual(['public marine']);
  });

  it('treats an unknown owner as hidden', async () => {
    expect(await accessToOwner(db, null, '00000000-0000-4000-8000-000000000000')).toBe('hidden');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, block } from '../../test/fixtures/relationships.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { expectTrpcError } from './test-helpers.ts';

/**
 * Collections follow THE visibility rule (access/visibility.ts): a public item of an owner is seen
 * exactly by those who may see the owner's content; a private item by nobody but its owner.
 */

type OwnerKind = 'public' | 'friends' | 'private' | 'deactivated';
type ViewerKind = 'anonymous' | 'stranger' | 'friend' | 'blockedByOwner' | 'blocksOwner';
type Outcome = 'full' | 'card' | 'hidden';

const EXPECTED: Record<OwnerKind, Record<ViewerKind, Outcome>> = {
  public: {
    anonymous: 'full',
    stranger: 'full',
    friend: 'full',
    blockedByOwner: 'hidden',
    blocksOwner: 'hidden',
  },
  friends: {
    anonymous: 'card',
    stranger: 'card',
    friend: 'full',
    blockedByOwner: 'hidden',
    blocksOwner: 'hidden',
  },
  private: {
    anonymous: 'hidden',
    stranger: 'hidden',
    friend: 'hidden',
    blockedByOwner: 'hidden',
    blocksOwner: 'hidden',
  },
  deactivated: {
    anonymous: 'hidden',
    stranger: 'hidden',
    friend: 'hidden',
    blockedByOwner: 'hidden',
    blocksOwner: 'hidden',
  },
};

interface Owner {
  user: TestUser;
  publicItem: string;
  privateItem: string;
}

let app: TestApi;
const owners = {} as Record<OwnerKind, Owner>;
const viewers = {} as Record<Exclude<ViewerKind, 'anonymous'>, TestUser>;

beforeAll(async () => {
  app = await startTestApi();
  const db = app.database.db;
  const [stranger, friend, blockedByOwner, blocksOwner] = await Promise.all([
    createUser(app),
    createUser(app),
    createUser(app),
    createUser(app),
  ]);
  Object.assign(viewers, { stranger, friend, blockedByOwner, blocksOwner });
  for (const kind of ['public', 'friends', 'private', 'deactivated'] as const) {
    const user = await createUser(app);
    const publicItem = await user.client.collection.add.mutate({
      name: `${kind} public item`,
      paintingStatus: 'primed',
    });
    const privateItem = await user.client.collection.add.mutate({
      name: `${kind} private item`,
      isPublic: false,
    });
    await user.client.collection.sessions.add.mutate({ userModelId: publicItem.id, minutes: 20 });
    await user.client.collection.sessions.add.mutate({ userModelId: privateItem.id, minutes: 20 });
    await befriend(db, friend.id, user.id);
    await block(db, user.id, blockedByOwner.id);
    await block(db, blocksOwner.id, user.id);
    if (kind === 'deactivated') {
      await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    } else {
      await db.user.update({ where: { id: user.id }, data: { privacySetting: kind } });
    }
    owners[kind] = { user, publicItem: publicItem.id, privateItem: privateItem.id };
  }
});
afterAll(() => app.close());

const clientOf = (viewer: ViewerKind) => (viewer === 'anonymous' ? app.client() : viewers[viewer].client);

const cases = (Object.keys(EXPECTED) as OwnerKind[]).flatMap((ownerKind) =>
  (Object.keys(EXPECTED[ownerKind]) as ViewerKind[]).map(
    (viewerKind) => [ownerKind, viewerKind, EXPECTED[ownerKind][viewerKind]] as const,
  ),
);

describe.each(cases)('a %s owner seen by %s (%s)', (ownerKind, viewerKind, outcome) => {
  it('lists and counts the public items only when the rule allows', async () => {
    const owner = owners[ownerKind];
    const client = clientOf(viewerKind);
    const list = client.collection.list.query({ ownerUsername: owner.user.username });
    const groups = client.collection.groups.query({ ownerUsername: owner.user.username, by: 'stage' });
    if (outcome === 'full') {
      expect((await list).items.map((item) => item.id)).toEqual([owner.publicItem]);
      expect((await groups).groups).toEqual([{ key: 'primed', label: null, items: 1, quantity: 1 }]);
    } else {
      // A friends-only owner's card is visible (FORBIDDEN says no more); anything else is as if absent.
      const code = outcome === 'card' ? 'FORBIDDEN' : 'NOT_FOUND';
      await expectTrpcError(list, code);
      await expectTrpcError(groups, code);
    }
  });

  it('shows the public item, its stage history and painting log only when the rule allows', async () => {
    const owner = owners[ownerKind];
    const client = clientOf(viewerKind);
    const reads = [
      client.collection.get.query({ id: owner.publicItem }),
      client.collection.history.query({ userModelId: owner.publicItem }),
      client.collection.sessions.list.query({ userModelId: owner.publicItem }),
    ];
    if (outcome === 'full') {
      const [item, history, sessions] = await Promise.all(reads);
      expect(item).toMatchObject({ id: owner.publicItem, ownerDetails: null });
      expect(history).toMatchObject({ changes: [{ toStatus: 'primed' }] });
      expect(sessions).toMatchObject({ sessions: [{ minutes: 20 }] });
    } else {
      for (const read of reads) await expectTrpcError(read, 'NOT_FOUND');
    }
  });

  it('never shows the private item', async () => {
    const owner = owners[ownerKind];
    const client = clientOf(viewerKind);
    await expectTrpcError(client.collection.get.query({ id: owner.privateItem }), 'NOT_FOUND');
    await expectTrpcError(client.collection.history.query({ userModelId: owner.privateItem }), 'NOT_FOUND');
    await expectTrpcError(
      client.collection.sessions.list.query({ userModelId: owner.privateItem }),
      'NOT_FOUND',
    );
  });

  it('cannot change either item', async () => {
    const owner = owners[ownerKind];
    const client = clientOf(viewerKind);
    const expected = viewerKind === 'anonymous' ? 'UNAUTHORIZED' : 'NOT_FOUND';
    for (const id of [owner.publicItem, owner.privateItem]) {
      await expectTrpcError(client.collection.update.mutate({ id, name: 'Mine now' }), expected);
      await expectTrpcError(client.collection.setStage.mutate({ id, paintingStatus: 'finished' }), expected);
      await expectTrpcError(client.collection.delete.mutate({ id }), expected);
      await expectTrpcError(client.collection.sessions.add.mutate({ userModelId: id, minutes: 5 }), expected);
    }
    const rows = await app.database.db.userModel.findMany({
      where: { id: { in: [owner.publicItem, owner.privateItem] } },
    });
    expect(rows.map((row) => row.paintingTimeMinutes)).toEqual([20, 20]);
    expect(rows.every((row) => !row.name?.includes('Mine now'))).toBe(true);
  });
});

describe('the owner', () => {
  it.each(['public', 'friends', 'private'] as const)(
    'sees everything in their own %s collection, private items included',
    async (kind) => {
      const owner = owners[kind];
      const page = await owner.user.client.collection.list.query({ ownerUsername: owner.user.username });
      expect(page.items.map((item) => item.id).sort()).toEqual([owner.publicItem, owner.privateItem].sort());
      expect(page.items.every((item) => item.ownerDetails !== null)).toBe(true);
      await owner.user.client.collection.get.query({ id: owner.privateItem });
    },
  );

  it('making an item private hides it at once, and public shows it again', async () => {
    const owner = owners.public;
    const stranger = viewers.stranger;
    await owner.user.client.collection.update.mutate({ id: owner.publicItem, isPublic: false });
    await expectTrpcError(stranger.client.collection.get.query({ id: owner.publicItem }), 'NOT_FOUND');
    expect(
      (await stranger.client.collection.list.query({ ownerUsername: owner.user.username })).items,
    ).toEqual([]);
    await owner.user.client.collection.update.mutate({ id: owner.publicItem, isPublic: true });
    expect((await stranger.client.collection.get.query({ id: owner.publicItem })).id).toBe(owner.publicItem);
  });
});

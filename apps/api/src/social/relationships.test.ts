import { SOCIAL_LIMITS } from '@plastic-crack/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, insertUser } from '../../test/fixtures/relationships.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { expectTrpcError } from '../auth/testing.ts';
import { BAD_ID, createItem, notificationsOf, setPrivacy, warmUp } from './testing.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
  await warmUp(app);
});
afterAll(() => app.close());

const db = () => app.database.db;
const users = (count: number) => Promise.all(Array.from({ length: count }, () => createUser(app)));

const rowsBetween = (a: TestUser, b: TestUser) =>
  db().userRelationship.findMany({
    where: {
      OR: [
        { followerId: a.id, followingId: b.id },
        { followerId: b.id, followingId: a.id },
      ],
    },
    select: { followerId: true, followingId: true, relationshipType: true },
    orderBy: { followerId: 'asc' },
  });

const typeOf = async (from: TestUser, to: TestUser) =>
  (
    await db().userRelationship.findUnique({
      where: { followerId_followingId: { followerId: from.id, followingId: to.id } },
    })
  )?.relationshipType ?? null;

const relationshipWrites = async () => ({
  relationships: await db().userRelationship.count(),
  requests: await db().friendRequest.count(),
  notifications: await db().notification.count(),
});

describe('follow and unfollow', () => {
  it('follows once however often it is asked, and tells the followed user once', async () => {
    const [ada, bob] = await users(2);
    const status = await ada!.client.social.follow.mutate({ userId: bob!.id });
    expect(status).toMatchObject({ userId: bob!.id, following: true, followedBy: false, friend: false });
    await Promise.all(Array.from({ length: 5 }, () => ada!.client.social.follow.mutate({ userId: bob!.id })));
    expect(await rowsBetween(ada!, bob!)).toEqual([
      { followerId: ada!.id, followingId: bob!.id, relationshipType: 'follow' },
    ]);
    const [told] = await notificationsOf(db(), bob!.id, 'follow');
    expect(told).toMatchObject({ title: `${ada!.username} started following you` });
    expect(told!.data).toMatchObject({ actorId: ada!.id });

    // Unfollow and follow again within the window: no second notification.
    expect(await ada!.client.social.unfollow.mutate({ userId: bob!.id })).toEqual({ following: false });
    expect(await rowsBetween(ada!, bob!)).toEqual([]);
    await ada!.client.social.follow.mutate({ userId: bob!.id });
    expect(await notificationsOf(db(), bob!.id, 'follow')).toHaveLength(1);
    expect(await ada!.client.social.relationship.query({ userId: bob!.id })).toMatchObject({
      following: true,
    });
    expect(await bob!.client.social.relationship.query({ userId: ada!.id })).toMatchObject({
      following: false,
      followedBy: true,
    });
  });

  it('unfollows idempotently, and refuses to unfollow a friend (that is removing the friend)', async () => {
    const [ada, bob] = await users(2);
    expect(await ada!.client.social.unfollow.mutate({ userId: bob!.id })).toEqual({ following: false });
    await befriend(db(), ada!.id, bob!.id);
    await expectTrpcError(ada!.client.social.unfollow.mutate({ userId: bob!.id }), 'CONFLICT');
    expect(await typeOf(ada!, bob!)).toBe('friend');
  });

  it('refuses yourself, bad ids, unknown users and visitors, writing nothing', async () => {
    const [ada] = await users(1);
    const before = await relationshipWrites();
    const self = await expectTrpcError(ada!.client.social.follow.mutate({ userId: ada!.id }), 'BAD_REQUEST');
    expect(self.message).toMatch(/cannot follow yourself/);
    const invalid = await expectTrpcError(
      ada!.client.social.follow.mutate({ userId: 'nope' }),
      'BAD_REQUEST',
    );
    expect(invalid.data?.zod?.fieldErrors).toHaveProperty('userId');
    await expectTrpcError(ada!.client.social.follow.mutate({ userId: BAD_ID }), 'NOT_FOUND');
    await expectTrpcError(app.client().social.follow.mutate({ userId: ada!.id }), 'UNAUTHORIZED');
    await expectTrpcError(ada!.client.social.unfollow.mutate({ userId: ada!.id }), 'BAD_REQUEST');
    expect(await relationshipWrites()).toEqual(before);
  });

  it('follows a friends-only profile without seeing its content, and cannot find a private one', async () => {
    const [ada, shy, hermit] = await users(3);
    await setPrivacy(db(), shy!.id, 'friends');
    await setPrivacy(db(), hermit!.id, 'private');
    expect(await ada!.client.social.follow.mutate({ userId: shy!.id })).toMatchObject({ following: true });
    // Following is not friendship: their lists (content) stay closed.
    await expectTrpcError(ada!.client.social.following.query({ userId: shy!.id }), 'FORBIDDEN');
    await expectTrpcError(ada!.client.social.follow.mutate({ userId: hermit!.id }), 'NOT_FOUND');
    expect(await typeOf(ada!, hermit!)).toBeNull();
  });

  it('a blocked user cannot follow; the blocker is told to unblock first', async () => {
    const [ada, bob] = await users(2);
    await bob!.client.social.block.mutate({ userId: ada!.id });
    await expectTrpcError(ada!.client.social.follow.mutate({ userId: bob!.id }), 'NOT_FOUND');
    const blocker = await expectTrpcError(bob!.client.social.follow.mutate({ userId: ada!.id }), 'CONFLICT');
    expect(blocker.message).toMatch(/unblock them first/);
    expect(await rowsBetween(ada!, bob!)).toEqual([
      { followerId: bob!.id, followingId: ada!.id, relationshipType: 'blocked' },
    ]);
  });
});

describe('friend requests', () => {
  it('sends, shows in inbox and outbox, accepts into a friendship each way, and tells both sides', async () => {
    const [ada, bob] = await users(2);
    await ada!.client.social.follow.mutate({ userId: bob!.id });
    const sent = await ada!.client.social.sendFriendRequest.mutate({
      userId: bob!.id,
      message: 'Fancy a game of Kill Team on Friday?',
    });
    expect(sent.friendRequest).toMatchObject({ direction: 'outgoing' });
    const inbox = await bob!.client.social.friendRequests.query({ direction: 'incoming' });
    expect(inbox.total).toBe(1);
    expect(inbox.items[0]).toMatchObject({
      id: sent.friendRequest!.id,
      direction: 'incoming',
      user: { id: ada!.id, username: ada!.username },
      message: 'Fancy a game of Kill Team on Friday?',
    });
    const outbox = await ada!.client.social.friendRequests.query({ direction: 'outgoing' });
    expect(outbox.items.map((request) => request.user.id)).toEqual([bob!.id]);
    const [asked] = await notificationsOf(db(), bob!.id, 'friend_request');
    expect(asked).toMatchObject({ message: 'Fancy a game of Kill Team on Friday?' });
    expect(asked!.data).toMatchObject({ actorId: ada!.id, friendRequestId: sent.friendRequest!.id });

    const accepted = await bob!.client.social.acceptFriendRequest.mutate({
      requestId: sent.friendRequest!.id,
    });
    expect(accepted).toMatchObject({ friend: true, following: true, followedBy: true, friendRequest: null });
    // The follow became the friendship: one row each way, no duplicates.
    expect(await rowsBetween(ada!, bob!)).toHaveLength(2);
    expect([await typeOf(ada!, bob!), await typeOf(bob!, ada!)]).toEqual(['friend', 'friend']);
    expect((await notificationsOf(db(), ada!.id, 'friend_accepted'))[0]).toMatchObject({
      title: `${bob!.username} accepted your friend request`,
    });
    expect((await bob!.client.social.friendRequests.query({ direction: 'incoming' })).total).toBe(0);
    // Accepting again changes nothing.
    await bob!.client.social.acceptFriendRequest.mutate({ requestId: sent.friendRequest!.id });
    expect(await notificationsOf(db(), ada!.id, 'friend_accepted')).toHaveLength(1);
    await expectTrpcError(ada!.client.social.sendFriendRequest.mutate({ userId: bob!.id }), 'CONFLICT');
  });

  it('keeps one pending request when asked twice, and two users asking each other at once become friends', async () => {
    const [ada, bob, cyd, dan] = await users(4);
    await ada!.client.social.sendFriendRequest.mutate({ userId: bob!.id });
    await ada!.client.social.sendFriendRequest.mutate({ userId: bob!.id });
    expect(await db().friendRequest.count({ where: { requesterId: ada!.id } })).toBe(1);

    await Promise.all([
      cyd!.client.social.sendFriendRequest.mutate({ userId: dan!.id }),
      dan!.client.social.sendFriendRequest.mutate({ userId: cyd!.id }),
    ]);
    const between = await db().friendRequest.findMany({
      where: { OR: [{ requesterId: cyd!.id }, { requesterId: dan!.id }] },
    });
    expect(between.map((request) => request.status)).toEqual(['accepted']);
    expect([await typeOf(cyd!, dan!), await typeOf(dan!, cyd!)]).toEqual(['friend', 'friend']);
  });

  it('declines silently and cancels; an answered request cannot be answered otherwise', async () => {
    const [ada, bob, cyd] = await users(3);
    const { friendRequest } = await ada!.client.social.sendFriendRequest.mutate({ userId: bob!.id });
    const requestId = friendRequest!.id;
    // Only the addressee answers, only the requester cancels; anyone else is told it does not exist.
    await expectTrpcError(ada!.client.social.acceptFriendRequest.mutate({ requestId }), 'NOT_FOUND');
    await expectTrpcError(cyd!.client.social.declineFriendRequest.mutate({ requestId }), 'NOT_FOUND');
    await expectTrpcError(bob!.client.social.cancelFriendRequest.mutate({ requestId }), 'NOT_FOUND');

    expect(await bob!.client.social.declineFriendRequest.mutate({ requestId })).toEqual({
      id: requestId,
      status: 'declined',
    });
    expect(await bob!.client.social.declineFriendRequest.mutate({ requestId })).toMatchObject({
      status: 'declined',
    });
    await expectTrpcError(bob!.client.social.acceptFriendRequest.mutate({ requestId }), 'CONFLICT');
    expect(await notificationsOf(db(), ada!.id)).toEqual([]);
    expect(await rowsBetween(ada!, bob!)).toEqual([]);

    // A new request after a decline is allowed; then the requester withdraws it.
    const again = await ada!.client.social.sendFriendRequest.mutate({ userId: bob!.id });
    const secondId = again.friendRequest!.id;
    expect(await notificationsOf(db(), bob!.id, 'friend_request')).toHaveLength(2);
    expect(await ada!.client.social.cancelFriendRequest.mutate({ requestId: secondId })).toMatchObject({
      status: 'cancelled',
    });
    // The withdrawn request's notification goes with it; the declined one's stays.
    expect((await notificationsOf(db(), bob!.id, 'friend_request')).map((n) => n.data)).toEqual([
      expect.objectContaining({ friendRequestId: requestId }),
    ]);
    expect((await bob!.client.social.friendRequests.query({ direction: 'incoming' })).total).toBe(0);
    await expectTrpcError(bob!.client.social.acceptFriendRequest.mutate({ requestId: secondId }), 'CONFLICT');
  });

  it('refuses yourself, bad input, a private or blocked user and visitors, writing nothing', async () => {
    const [ada, hermit, grump] = await users(3);
    await setPrivacy(db(), hermit!.id, 'private');
    await grump!.client.social.block.mutate({ userId: ada!.id });
    const before = await relationshipWrites();
    await expectTrpcError(ada!.client.social.sendFriendRequest.mutate({ userId: ada!.id }), 'BAD_REQUEST');
    const tooLong = await expectTrpcError(
      ada!.client.social.sendFriendRequest.mutate({
        userId: hermit!.id,
        message: 'x'.repeat(SOCIAL_LIMITS.friendRequestMessageLength + 1),
      }),
      'BAD_REQUEST',
    );
    expect(tooLong.data?.zod?.fieldErrors).toHaveProperty('message');
    await expectTrpcError(
      ada!.client.social.sendFriendRequest.mutate({ userId: hermit!.id, message: 'hi\u0000' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(ada!.client.social.sendFriendRequest.mutate({ userId: hermit!.id }), 'NOT_FOUND');
    await expectTrpcError(ada!.client.social.sendFriendRequest.mutate({ userId: grump!.id }), 'NOT_FOUND');
    await expectTrpcError(
      ada!.client.social.acceptFriendRequest.mutate({ requestId: 'nope' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(ada!.client.social.acceptFriendRequest.mutate({ requestId: BAD_ID }), 'NOT_FOUND');
    await expectTrpcError(app.client().social.sendFriendRequest.mutate({ userId: ada!.id }), 'UNAUTHORIZED');
    await expectTrpcError(
      app.client().social.friendRequests.query({ direction: 'incoming' }),
      'UNAUTHORIZED',
    );
    expect(await relationshipWrites()).toEqual(before);
  });

  it('lets a private user ask: the request shows them to the person they asked', async () => {
    const [hermit, bob] = await users(2);
    await setPrivacy(db(), hermit!.id, 'private');
    const { friendRequest } = await hermit!.client.social.sendFriendRequest.mutate({ userId: bob!.id });
    const inbox = await bob!.client.social.friendRequests.query({ direction: 'incoming' });
    expect(inbox.items[0]?.user).toEqual({ id: hermit!.id, username: hermit!.username, avatarUrl: null });
    expect(await bob!.client.social.relationship.query({ userId: hermit!.id })).toMatchObject({
      friendRequest: { id: friendRequest!.id, direction: 'incoming' },
    });
    expect(
      await bob!.client.social.acceptFriendRequest.mutate({ requestId: friendRequest!.id }),
    ).toMatchObject({ friend: true });
  });

  it('removes a friend: both rows go, idempotently', async () => {
    const [ada, bob] = await users(2);
    await befriend(db(), ada!.id, bob!.id);
    expect(await ada!.client.social.removeFriend.mutate({ userId: bob!.id })).toEqual({ friend: false });
    expect(await rowsBetween(ada!, bob!)).toEqual([]);
    expect(await ada!.client.social.removeFriend.mutate({ userId: bob!.id })).toEqual({ friend: false });
    await expectTrpcError(ada!.client.social.removeFriend.mutate({ userId: ada!.id }), 'BAD_REQUEST');
  });

  it(`limits a user to ${SOCIAL_LIMITS.friendRequestsPerWindow} requests per window`, async () => {
    const [ada] = await users(1);
    const targets = await Promise.all(
      Array.from({ length: SOCIAL_LIMITS.friendRequestsPerWindow + 1 }, () => insertUser(db())),
    );
    for (const target of targets.slice(0, -1))
      await ada!.client.social.sendFriendRequest.mutate({ userId: target.id });
    const limited = await expectTrpcError(
      ada!.client.social.sendFriendRequest.mutate({ userId: targets.at(-1)!.id }),
      'TOO_MANY_REQUESTS',
    );
    expect(limited.data?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await db().friendRequest.count({ where: { requesterId: ada!.id } })).toBe(
      SOCIAL_LIMITS.friendRequestsPerWindow,
    );
  });
});

describe('blocking', () => {
  it('removes follows and friendship both ways, pending requests and their notifications', async () => {
    const [ada, bob] = await users(2);
    await befriend(db(), ada!.id, bob!.id);
    await bob!.client.social.removeFriend.mutate({ userId: ada!.id });
    await ada!.client.social.follow.mutate({ userId: bob!.id });
    await bob!.client.social.follow.mutate({ userId: ada!.id });
    await bob!.client.social.sendFriendRequest.mutate({ userId: ada!.id });
    expect(await notificationsOf(db(), ada!.id)).toHaveLength(2); // follow + friend request
    expect(await notificationsOf(db(), bob!.id)).toHaveLength(1); // follow

    const status = await ada!.client.social.block.mutate({ userId: bob!.id });
    expect(status).toEqual({
      userId: bob!.id,
      following: false,
      followedBy: false,
      friend: false,
      blockedByMe: true,
      friendRequest: null,
    });
    expect(await rowsBetween(ada!, bob!)).toEqual([
      { followerId: ada!.id, followingId: bob!.id, relationshipType: 'blocked' },
    ]);
    expect(
      await db().friendRequest.count({
        where: { OR: [{ requesterId: bob!.id, addresseeId: ada!.id }] },
      }),
    ).toBe(0);
    expect(await notificationsOf(db(), ada!.id)).toEqual([]);
    expect(await notificationsOf(db(), bob!.id)).toEqual([]);
  });

  it('ends a friendship and hides each from the other everywhere', async () => {
    const [ada, bob] = await users(2);
    await befriend(db(), ada!.id, bob!.id);
    const bobsItem = await createItem(db(), bob!.id);
    await ada!.client.social.block.mutate({ userId: bob!.id });
    expect(await rowsBetween(ada!, bob!)).toHaveLength(1);
    for (const [viewer, other] of [
      [ada!, bob!],
      [bob!, ada!],
    ] as const) {
      await expectTrpcError(
        viewer.client.profile.byUsername.query({ username: other.username }),
        'NOT_FOUND',
      );
      await expectTrpcError(viewer.client.social.followers.query({ userId: other.id }), 'NOT_FOUND');
      await expectTrpcError(viewer.client.chat.startDirect.mutate({ userId: other.id }), 'NOT_FOUND');
    }
    await expectTrpcError(ada!.client.social.like.mutate({ userModelId: bobsItem }), 'NOT_FOUND');
    // The blocker sees their block (to lift it); the blocked user is not told.
    expect(await ada!.client.social.relationship.query({ userId: bob!.id })).toMatchObject({
      blockedByMe: true,
    });
    await expectTrpcError(bob!.client.social.relationship.query({ userId: ada!.id }), 'NOT_FOUND');
  });

  it('lists the viewer’s blocks, blocks idempotently, and unblocking restores nothing else', async () => {
    const [ada, bob, cyd] = await users(3);
    await ada!.client.social.follow.mutate({ userId: bob!.id });
    await ada!.client.social.block.mutate({ userId: bob!.id });
    await ada!.client.social.block.mutate({ userId: bob!.id });
    await ada!.client.social.block.mutate({ userId: cyd!.id });
    const blocked = await ada!.client.social.blocked.query({});
    expect(blocked.total).toBe(2);
    expect(blocked.items.map((entry) => entry.user.id)).toEqual([cyd!.id, bob!.id]);

    expect(await ada!.client.social.unblock.mutate({ userId: bob!.id })).toEqual({ blockedByMe: false });
    expect(await ada!.client.social.unblock.mutate({ userId: bob!.id })).toEqual({ blockedByMe: false });
    expect(await rowsBetween(ada!, bob!)).toEqual([]);
    expect((await ada!.client.social.blocked.query({})).items.map((entry) => entry.user.id)).toEqual([
      cyd!.id,
    ]);
    // Nobody else's blocks are listed, and a visitor has none.
    expect((await bob!.client.social.blocked.query({})).total).toBe(0);
    await expectTrpcError(app.client().social.blocked.query({}), 'UNAUTHORIZED');
  });

  it('keeps the other user’s own block when one of two mutual blocks is lifted', async () => {
    const [ada, bob] = await users(2);
    await ada!.client.social.block.mutate({ userId: bob!.id });
    await bob!.client.social.block.mutate({ userId: ada!.id });
    expect(await rowsBetween(ada!, bob!)).toHaveLength(2);
    await ada!.client.social.unblock.mutate({ userId: bob!.id });
    expect(await typeOf(bob!, ada!)).toBe('blocked');
    await expectTrpcError(ada!.client.social.follow.mutate({ userId: bob!.id }), 'NOT_FOUND');
  });

  it('refuses yourself, unknown users, bad ids and visitors', async () => {
    const [ada] = await users(1);
    const before = await relationshipWrites();
    const self = await expectTrpcError(ada!.client.social.block.mutate({ userId: ada!.id }), 'BAD_REQUEST');
    expect(self.message).toMatch(/cannot block yourself/);
    await expectTrpcError(ada!.client.social.block.mutate({ userId: BAD_ID }), 'NOT_FOUND');
    await expectTrpcError(ada!.client.social.block.mutate({ userId: 'x' }), 'BAD_REQUEST');
    await expectTrpcError(app.client().social.block.mutate({ userId: ada!.id }), 'UNAUTHORIZED');
    await expectTrpcError(ada!.client.social.unblock.mutate({ userId: ada!.id }), 'BAD_REQUEST');
    expect(await relationshipWrites()).toEqual(before);
  });
});

describe('follower and following lists', () => {
  it('pages newest first with counts, friends in both lists, without repeats or gaps', async () => {
    const [owner, ...fans] = await users(8);
    for (const fan of fans.slice(0, 5)) await fan.client.social.follow.mutate({ userId: owner!.id });
    for (const friend of fans.slice(5)) await befriend(db(), owner!.id, friend.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const result = await owner!.client.social.followers.query({ limit: 3, cursor });
      expect(result.total).toBe(7);
      seen.push(...result.items.map((entry) => entry.user.id));
      cursor = result.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual([...fans].reverse().map((fan) => fan.id));
    const following = await owner!.client.social.following.query({});
    expect(following.total).toBe(2);
    expect(following.items.every((entry) => entry.friend)).toBe(true);
    // Someone else's lists, by id, for a public profile — visitors included.
    const visitorView = await app.client().social.followers.query({ userId: owner!.id, limit: 100 });
    expect(visitorView.total).toBe(7);
    expect((await fans[0]!.client.social.following.query({})).items[0]?.user.id).toBe(owner!.id);
  });

  it('leaves out people hidden from the viewer: private, deactivated, and blocked either way', async () => {
    const [owner, viewer, hermit, shy, blocked, blocker, gone] = await users(7);
    for (const fan of [viewer!, hermit!, shy!, blocked!, blocker!, gone!])
      await fan.client.social.follow.mutate({ userId: owner!.id });
    await setPrivacy(db(), hermit!.id, 'private');
    await setPrivacy(db(), shy!.id, 'friends');
    await db().user.update({ where: { id: gone!.id }, data: { isActive: false } });
    await viewer!.client.social.block.mutate({ userId: blocked!.id });
    await blocker!.client.social.block.mutate({ userId: viewer!.id });

    const seenByViewer = await viewer!.client.social.followers.query({ userId: owner!.id });
    expect(seenByViewer.items.map((entry) => entry.user.id).sort()).toEqual([viewer!.id, shy!.id].sort());
    expect(seenByViewer.total).toBe(2);
    // The owner sees everyone the rule shows them: the friends-only follower as a card, not the private one.
    const seenByOwner = await owner!.client.social.followers.query({});
    expect(seenByOwner.items.map((entry) => entry.user.id).sort()).toEqual(
      [viewer!.id, shy!.id, blocked!.id, blocker!.id].sort(),
    );
    // A blocked user cannot see the blocker's lists at all.
    await expectTrpcError(blocked!.client.social.following.query({ userId: viewer!.id }), 'NOT_FOUND');
  });

  it('opens a friends-only profile’s lists to friends only, a private one to nobody', async () => {
    const [shy, friend, stranger, hermit] = await users(4);
    await setPrivacy(db(), shy!.id, 'friends');
    await setPrivacy(db(), hermit!.id, 'private');
    await befriend(db(), shy!.id, friend!.id);
    expect((await friend!.client.social.followers.query({ userId: shy!.id })).total).toBe(1);
    await expectTrpcError(stranger!.client.social.followers.query({ userId: shy!.id }), 'FORBIDDEN');
    await expectTrpcError(app.client().social.following.query({ userId: shy!.id }), 'FORBIDDEN');
    await expectTrpcError(friend!.client.social.followers.query({ userId: hermit!.id }), 'NOT_FOUND');
    expect((await hermit!.client.social.followers.query({})).total).toBe(0);
    await expectTrpcError(app.client().social.followers.query({}), 'UNAUTHORIZED');
  });

  it('rejects bad cursors and page sizes', async () => {
    const [ada] = await users(1);
    await expectTrpcError(ada!.client.social.followers.query({ cursor: 'not-a-cursor!' }), 'BAD_REQUEST');
    const forged = Buffer.from(JSON.stringify({ t: 'yesterday', id: BAD_ID })).toString('base64url');
    await expectTrpcError(ada!.client.social.followers.query({ cursor: forged }), 'BAD_REQUEST');
    await expectTrpcError(ada!.client.social.followers.query({ limit: 0 }), 'BAD_REQUEST');
    await expectTrpcError(ada!.client.social.following.query({ limit: 101 }), 'BAD_REQUEST');
    await expectTrpcError(
      ada!.client.social.friendRequests.query({ direction: 'sideways' as 'incoming' }),
      'BAD_REQUEST',
    );
  });
});

import {
  SOCIAL_LIMITS,
  type FriendRequestListInput,
  type OwnListInput,
  type PeopleListInput,
  type SendFriendRequestInput,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { accessToOwner } from '../access/visibility.ts';
import type { Services, Viewer } from '../context.ts';
import { badInput, conflict, forbidden, notFound, unauthorized } from '../errors.ts';
import {
  deliverNotifications,
  notify,
  retractNotificationsAbout,
  retractNotificationsBetween,
  type NotificationServices,
  type PendingDelivery,
} from '../notifications/service.ts';
import { recordActivity } from '../feed/service.ts';
import type { Tx } from '../realtime/streams.ts';
import { consumeSocialQuota } from './limits.ts';
import {
  afterKeyset,
  decodeKeyset,
  listedPersonSql,
  pageOf,
  personListedTo,
  timestampKeySql,
  type Page,
  type PersonCard,
} from './people.ts';

/**
 * Follows, friendships and blocks (user_relationships, one row per ordered pair) and friend requests.
 *
 *   - Follow is one-way and needs no consent. Following someone the rule hides from you (a private
 *     profile, a block either way) is NOT_FOUND, as if they did not exist. A friends-only profile may
 *     be followed: the follow is recorded and they are told, but their content stays hidden until you
 *     are friends (the visibility rule decides that, not the follow).
 *   - A friend request may go to anyone you can see; a private user may send one, and the request
 *     shows them (their card) to the person they asked — asking is consent. Accepting writes a
 *     'friend' row each way (friendship counts as following); a request to someone who already asked
 *     you accepts theirs. Removing a friend deletes both rows: neither follows the other afterwards.
 *   - Blocking replaces the blocker's row with 'blocked', deletes the other's follow or friend row,
 *     the pending requests between them and the notifications each got about the other; from then
 *     on the visibility rule hides each from the other everywhere.
 *
 * Every write between two users runs under a lock on the pair, so a follow, an accept and a block
 * racing each other apply one after another.
 */

type RelationshipType = 'follow' | 'friend' | 'blocked';
type RelationshipServices = NotificationServices & Pick<Services, 'redis'>;

export interface RelationshipStatus {
  userId: string;
  /** The viewer follows them (a follow, or friendship). */
  following: boolean;
  /** They follow the viewer (a follow, or friendship). */
  followedBy: boolean;
  friend: boolean;
  blockedByMe: boolean;
  /** A pending friend request between the two, whoever sent it. */
  friendRequest: { id: string; direction: 'incoming' | 'outgoing' } | null;
}

/** Two-key advisory lock space for "writes between these two users" (stream locks use another). */
const PAIR_LOCK_NAMESPACE = 7_203_401;
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };
const REPEAT_WINDOW_MS = SOCIAL_LIMITS.repeatNotificationWindowMinutes * 60_000;

/** The two rows of a pair: viewer → other (`out`) and other → viewer (`in`). */
async function pairRows(
  db: Db | Tx,
  viewerId: string,
  otherId: string,
): Promise<{ out: RelationshipType | null; in: RelationshipType | null }> {
  const rows = await db.userRelationship.findMany({
    where: {
      OR: [
        { followerId: viewerId, followingId: otherId },
        { followerId: otherId, followingId: viewerId },
      ],
    },
    select: { followerId: true, relationshipType: true },
  });
  return {
    out: rows.find((row) => row.followerId === viewerId)?.relationshipType ?? null,
    in: rows.find((row) => row.followerId === otherId)?.relationshipType ?? null,
  };
}

const pendingBetween = (db: Db | Tx, a: string, b: string) =>
  db.friendRequest.findFirst({
    where: {
      status: 'pending',
      OR: [
        { requesterId: a, addresseeId: b },
        { requesterId: b, addresseeId: a },
      ],
    },
    select: { id: true, requesterId: true, addresseeId: true },
  });

async function statusOf(db: Db, viewerId: string, otherId: string): Promise<RelationshipStatus> {
  const [rows, request] = await Promise.all([
    pairRows(db, viewerId, otherId),
    pendingBetween(db, viewerId, otherId),
  ]);
  const follows = (type: RelationshipType | null) => type === 'follow' || type === 'friend';
  return {
    userId: otherId,
    following: follows(rows.out),
    followedBy: follows(rows.in),
    friend: rows.out === 'friend' && rows.in === 'friend',
    blockedByMe: rows.out === 'blocked',
    friendRequest: request
      ? { id: request.id, direction: request.requesterId === viewerId ? 'outgoing' : 'incoming' }
      : null,
  };
}

/**
 * One transaction over a pair of users, under the pair's lock; notifications it queues are delivered
 * after the commit.
 */
async function writePair<T>(
  services: NotificationServices,
  a: string,
  b: string,
  write: (tx: Tx, deliverLater: (delivery: PendingDelivery | PendingDelivery[] | null) => void) => Promise<T>,
): Promise<T> {
  const deliveries: PendingDelivery[] = [];
  const pairKey = [a, b].sort().join(':');
  const result = await services.db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PAIR_LOCK_NAMESPACE}::int, hashtext(${pairKey}))`;
    return write(tx, (delivery) => {
      if (Array.isArray(delivery)) deliveries.push(...delivery);
      else if (delivery) deliveries.push(delivery);
    });
  }, TRANSACTION_OPTIONS);
  await deliverNotifications(services, deliveries);
  return result;
}

/** Someone the viewer may follow or ask to be friends: visible to them, and not blocked by them. */
async function requireAddressable(db: Db, viewerId: string, otherId: string): Promise<void> {
  const rows = await pairRows(db, viewerId, otherId);
  if (rows.out === 'blocked') throw conflict('You have blocked this user; unblock them first');
  if ((await accessToOwner(db, viewerId, otherId)) === 'hidden') throw notFound('User');
}

// ---------------------------------------------------------------------------------------------
// Follow
// ---------------------------------------------------------------------------------------------

/** Follows a user; following them again changes nothing (one row). */
export async function follow(
  services: RelationshipServices,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  userId: string,
): Promise<RelationshipStatus> {
  const { db } = services;
  if (userId === viewer.userId) throw badInput('You cannot follow yourself', 'userId');
  await requireAddressable(db, viewer.userId, userId);
  const tell = await personListedTo(db, userId, viewer.userId);
  await writePair(services, viewer.userId, userId, async (tx, deliverLater) => {
    const rows = await pairRows(tx, viewer.userId, userId);
    if (rows.out === 'blocked' || rows.in === 'blocked') throw notFound('User'); // a block won the race
    if (rows.out !== null) return; // already following, or friends
    await tx.userRelationship.create({
      data: { followerId: viewer.userId, followingId: userId, relationshipType: 'follow' },
    });
    await recordActivity(tx, {
      userId: viewer.userId,
      type: 'user_followed',
      entityType: 'user',
      entityId: userId,
    });
    if (tell) {
      deliverLater(
        await notify(tx, {
          userId,
          type: 'follow',
          title: `${viewer.username} started following you`,
          data: { actorId: viewer.userId },
          dedupe: { key: `follow:${viewer.userId}`, withinMs: REPEAT_WINDOW_MS },
        }),
      );
    }
  });
  return statusOf(db, viewer.userId, userId);
}

/** Stops following; not following already is fine. A friend is unfollowed by removing the friendship. */
export async function unfollow(
  services: RelationshipServices,
  viewerId: string,
  userId: string,
): Promise<{ following: false }> {
  if (userId === viewerId) throw badInput('You cannot unfollow yourself', 'userId');
  await writePair(services, viewerId, userId, async (tx) => {
    const rows = await pairRows(tx, viewerId, userId);
    if (rows.out === 'friend')
      throw conflict('Friends follow each other; remove them as a friend to stop following');
    if (rows.out === 'follow')
      await tx.userRelationship.deleteMany({
        where: { followerId: viewerId, followingId: userId, relationshipType: 'follow' },
      });
  });
  return { following: false };
}

// ---------------------------------------------------------------------------------------------
// Friend requests and friendship
// ---------------------------------------------------------------------------------------------

/** Writes the friendship (a 'friend' row each way, replacing follows) and closes the request. */
async function acceptIn(tx: Tx, request: { id: string; requesterId: string; addresseeId: string }) {
  await tx.friendRequest.update({
    where: { id: request.id },
    data: { status: 'accepted', respondedAt: new Date() },
  });
  for (const [followerId, followingId] of [
    [request.requesterId, request.addresseeId],
    [request.addresseeId, request.requesterId],
  ] as const) {
    await tx.$executeRaw`
      INSERT INTO user_relationships (follower_id, following_id, relationship_type)
      VALUES (${followerId}::uuid, ${followingId}::uuid, 'friend')
      ON CONFLICT (follower_id, following_id) DO UPDATE SET relationship_type = 'friend'`;
  }
}

const friendAccepted = (
  tx: Tx,
  accepter: Pick<Viewer, 'userId' | 'username'>,
  request: { id: string; requesterId: string },
) =>
  notify(tx, {
    userId: request.requesterId,
    type: 'friend_accepted',
    title: `${accepter.username} accepted your friend request`,
    data: { actorId: accepter.userId, friendRequestId: request.id },
  });

/**
 * Asks a user to be friends. Asking again while the request is pending changes nothing; asking
 * someone who already asked you accepts their request.
 */
export async function sendFriendRequest(
  services: RelationshipServices,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  input: SendFriendRequestInput,
): Promise<RelationshipStatus> {
  const { db } = services;
  const { userId } = input;
  if (userId === viewer.userId) throw badInput('You cannot send yourself a friend request', 'userId');
  await requireAddressable(db, viewer.userId, userId);
  await consumeSocialQuota(services, 'friendRequest', viewer.userId);
  await writePair(services, viewer.userId, userId, async (tx, deliverLater) => {
    const rows = await pairRows(tx, viewer.userId, userId);
    if (rows.out === 'blocked' || rows.in === 'blocked') throw notFound('User');
    if (rows.out === 'friend' && rows.in === 'friend') throw conflict('You are already friends');
    const pending = await pendingBetween(tx, viewer.userId, userId);
    if (pending?.requesterId === viewer.userId) return;
    if (pending) {
      await acceptIn(tx, pending);
      deliverLater(await friendAccepted(tx, viewer, pending));
      return;
    }
    const request = await tx.friendRequest.create({
      data: { requesterId: viewer.userId, addresseeId: userId, message: input.message || null },
      select: { id: true },
    });
    deliverLater(
      await notify(tx, {
        userId,
        type: 'friend_request',
        title: `${viewer.username} sent you a friend request`,
        message: input.message || null,
        data: { actorId: viewer.userId, friendRequestId: request.id },
      }),
    );
  });
  return statusOf(db, viewer.userId, userId);
}

type RequestRole = 'addressee' | 'requester';

/** A request the viewer takes part in as `role`; anyone else gets NOT_FOUND. */
async function requireRequest(db: Db | Tx, viewerId: string, requestId: string, role: RequestRole) {
  const request = await db.friendRequest.findUnique({
    where: { id: requestId },
    select: { id: true, requesterId: true, addresseeId: true, status: true },
  });
  const mine = role === 'addressee' ? request?.addresseeId : request?.requesterId;
  if (!request || mine !== viewerId) throw notFound('Friend request');
  return request;
}

const alreadyAnswered = (status: string) => conflict(`This friend request was already ${status}`);

/** Accepts a request sent to the viewer; accepting it again changes nothing. */
export async function acceptFriendRequest(
  services: RelationshipServices,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  requestId: string,
): Promise<RelationshipStatus> {
  const { db } = services;
  const { requesterId } = await requireRequest(db, viewer.userId, requestId, 'addressee');
  await writePair(services, viewer.userId, requesterId, async (tx, deliverLater) => {
    const request = await requireRequest(tx, viewer.userId, requestId, 'addressee');
    if (request.status === 'accepted') return;
    if (request.status !== 'pending') throw alreadyAnswered(request.status);
    const requester = await tx.user.findUnique({
      where: { id: requesterId },
      select: { isActive: true, deletionScheduledAt: true },
    });
    if (!requester?.isActive || requester.deletionScheduledAt) throw notFound('Friend request');
    await acceptIn(tx, request);
    deliverLater(await friendAccepted(tx, viewer, request));
  });
  return statusOf(db, viewer.userId, requesterId);
}

/** The addressee says no (the requester is not told); declining again changes nothing. */
export async function declineFriendRequest(
  services: RelationshipServices,
  viewerId: string,
  requestId: string,
): Promise<{ id: string; status: 'declined' }> {
  return answer(services, viewerId, requestId, 'addressee', 'declined');
}

/** The requester withdraws; cancelling again changes nothing. */
export async function cancelFriendRequest(
  services: RelationshipServices,
  viewerId: string,
  requestId: string,
): Promise<{ id: string; status: 'cancelled' }> {
  return answer(services, viewerId, requestId, 'requester', 'cancelled');
}

async function answer<S extends 'declined' | 'cancelled'>(
  services: RelationshipServices,
  viewerId: string,
  requestId: string,
  role: RequestRole,
  status: S,
): Promise<{ id: string; status: S }> {
  const request = await requireRequest(services.db, viewerId, requestId, role);
  const otherId = role === 'addressee' ? request.requesterId : request.addresseeId;
  await writePair(services, viewerId, otherId, async (tx, deliverLater) => {
    const current = await requireRequest(tx, viewerId, requestId, role);
    if (current.status === status) return;
    if (current.status !== 'pending') throw alreadyAnswered(current.status);
    await tx.friendRequest.update({ where: { id: requestId }, data: { status, respondedAt: new Date() } });
    // A withdrawn request should not linger in the other person's notifications, inviting an accept.
    if (status === 'cancelled')
      deliverLater(await retractNotificationsAbout(tx, [otherId], 'friendRequestId', [requestId]));
  });
  return { id: requestId, status };
}

/** Ends a friendship: both rows go, so neither follows the other. Not friends already is fine. */
export async function removeFriend(
  services: RelationshipServices,
  viewerId: string,
  userId: string,
): Promise<{ friend: false }> {
  if (userId === viewerId) throw badInput('You cannot unfriend yourself', 'userId');
  await writePair(services, viewerId, userId, async (tx) => {
    await tx.userRelationship.deleteMany({
      where: {
        relationshipType: 'friend',
        OR: [
          { followerId: viewerId, followingId: userId },
          { followerId: userId, followingId: viewerId },
        ],
      },
    });
  });
  return { friend: false };
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

/** Blocks a user (again: no change). Any existing account can be blocked, whatever its privacy. */
export async function blockUser(
  services: RelationshipServices,
  viewerId: string,
  userId: string,
): Promise<RelationshipStatus> {
  const { db } = services;
  if (userId === viewerId) throw badInput('You cannot block yourself', 'userId');
  if ((await db.user.count({ where: { id: userId } })) === 0) throw notFound('User');
  await writePair(services, viewerId, userId, async (tx, deliverLater) => {
    // "Blocked since" is the first block: blocking again keeps it.
    await tx.$executeRaw`
      INSERT INTO user_relationships (follower_id, following_id, relationship_type)
      VALUES (${viewerId}::uuid, ${userId}::uuid, 'blocked')
      ON CONFLICT (follower_id, following_id) DO UPDATE SET
        relationship_type = 'blocked',
        created_at = CASE WHEN user_relationships.relationship_type = 'blocked'
                          THEN user_relationships.created_at ELSE now() END`;
    // Their follow or friend row goes; a block of their own stays.
    await tx.userRelationship.deleteMany({
      where: { followerId: userId, followingId: viewerId, relationshipType: { not: 'blocked' } },
    });
    await tx.friendRequest.deleteMany({
      where: {
        status: 'pending',
        OR: [
          { requesterId: viewerId, addresseeId: userId },
          { requesterId: userId, addresseeId: viewerId },
        ],
      },
    });
    deliverLater(await retractNotificationsBetween(tx, viewerId, userId));
  });
  return statusOf(db, viewerId, userId);
}

/** Lifts the viewer's block; follows and friendship are not restored. Not blocked already is fine. */
export async function unblockUser(
  services: RelationshipServices,
  viewerId: string,
  userId: string,
): Promise<{ blockedByMe: false }> {
  if (userId === viewerId) throw badInput('You cannot unblock yourself', 'userId');
  await writePair(services, viewerId, userId, async (tx) => {
    await tx.userRelationship.deleteMany({
      where: { followerId: viewerId, followingId: userId, relationshipType: 'blocked' },
    });
  });
  return { blockedByMe: false };
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/**
 * How the viewer and a user stand. NOT_FOUND when the rule hides the user — unless the viewer has
 * blocked them (so they can unblock), or they are an active account hidden only by privacy with whom
 * the viewer already has ties (a follow, a friendship, a request either way). A block by the other
 * user is never revealed.
 */
export async function relationshipWith(
  db: Db,
  viewerId: string,
  userId: string,
): Promise<RelationshipStatus> {
  if (userId === viewerId) throw badInput('That is you', 'userId');
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { isActive: true, deletionScheduledAt: true },
  });
  if (!user) throw notFound('User');
  const status = await statusOf(db, viewerId, userId);
  if (status.blockedByMe) return status;
  const rows = await pairRows(db, viewerId, userId);
  if (rows.in === 'blocked') throw notFound('User');
  if ((await accessToOwner(db, viewerId, userId)) !== 'hidden') return status;
  const ties = status.following || status.followedBy || status.friendRequest !== null;
  if (ties && user.isActive && !user.deletionScheduledAt) return status;
  throw notFound('User');
}

export interface PersonEntry {
  user: PersonCard;
  /** Since when (the follow, or the friendship row). */
  since: string;
  friend: boolean;
}

type PersonRow = {
  rel_id: string;
  id: string;
  username: string;
  avatar_url: string | null;
  relationship_type: RelationshipType;
  created_at: Date;
  key: string;
};

/**
 * Whose lists the viewer may read: their own, or those of someone whose content the rule shows them
 * in full. A friends-only profile seen by a non-friend is FORBIDDEN (its card is public anyway);
 * hidden profiles are NOT_FOUND.
 */
async function requireListOwner(
  db: Db,
  viewerId: string | null,
  userId: string | undefined,
): Promise<string> {
  const ownerId = userId ?? viewerId;
  if (!ownerId) throw unauthorized('Sign in to see your own lists, or name whose lists to show');
  if (ownerId === viewerId) return ownerId;
  const access = await accessToOwner(db, viewerId, ownerId);
  if (access === 'hidden') throw notFound('User');
  if (access === 'card') throw forbidden('Only their friends can see who they follow and who follows them');
  return ownerId;
}

/** One page of `user_relationships r JOIN users u` rows, newest first, and how many there are. */
async function relationshipRows(
  db: Db,
  where: Prisma.Sql,
  cursor: ReturnType<typeof decodeKeyset>,
  limit: number,
): Promise<{ rows: PersonRow[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    db.$queryRaw<PersonRow[]>`
      SELECT r.id::text AS rel_id, u.id::text, u.username, u.avatar_url,
             r.relationship_type::text AS relationship_type, r.created_at,
             ${timestampKeySql('r.created_at')} AS key
      FROM ${where} ${afterKeyset(cursor, { time: 'r.created_at', id: 'r.id' }, 'desc')}
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT ${limit + 1}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM ${where}`,
  ]);
  return { rows, total: count?.total ?? 0 };
}

async function peoplePage(
  db: Db,
  viewerId: string | null,
  input: PeopleListInput,
  side: 'followers' | 'following',
): Promise<Page<PersonEntry>> {
  const ownerId = await requireListOwner(db, viewerId, input.userId);
  const cursor = decodeKeyset(input.cursor);
  const from =
    side === 'followers'
      ? Prisma.sql`user_relationships r JOIN users u ON u.id = r.follower_id WHERE r.following_id = ${ownerId}::uuid`
      : Prisma.sql`user_relationships r JOIN users u ON u.id = r.following_id WHERE r.follower_id = ${ownerId}::uuid`;
  const where = Prisma.sql`${from} AND r.relationship_type IN ('follow', 'friend') AND ${listedPersonSql('u', viewerId)}`;
  const { rows, total } = await relationshipRows(db, where, cursor, input.limit);
  return pageOf(
    rows,
    input.limit,
    (row) => row.rel_id,
    (row) => ({
      user: { id: row.id, username: row.username, avatarUrl: row.avatar_url },
      since: row.created_at.toISOString(),
      friend: row.relationship_type === 'friend',
    }),
    total,
  );
}

/** Who follows a user (friends included), newest first, as the rule lets the viewer see them. */
export const listFollowers = (db: Db, viewerId: string | null, input: PeopleListInput) =>
  peoplePage(db, viewerId, input, 'followers');

/** Whom a user follows (friends included), newest first. */
export const listFollowing = (db: Db, viewerId: string | null, input: PeopleListInput) =>
  peoplePage(db, viewerId, input, 'following');

export interface BlockedEntry {
  user: PersonCard;
  blockedAt: string;
}

/** The viewer's own blocks, newest first: everyone they blocked, so they can unblock. */
export async function listBlocked(
  db: Db,
  viewerId: string,
  input: OwnListInput,
): Promise<Page<BlockedEntry>> {
  const cursor = decodeKeyset(input.cursor);
  const where = Prisma.sql`user_relationships r JOIN users u ON u.id = r.following_id
    WHERE r.follower_id = ${viewerId}::uuid AND r.relationship_type = 'blocked'`;
  const { rows, total } = await relationshipRows(db, where, cursor, input.limit);
  return pageOf(
    rows,
    input.limit,
    (row) => row.rel_id,
    (row) => ({
      user: { id: row.id, username: row.username, avatarUrl: row.avatar_url },
      blockedAt: row.created_at.toISOString(),
    }),
    total,
  );
}

export interface FriendRequestEntry {
  id: string;
  direction: 'incoming' | 'outgoing';
  /** The other person: who asked (incoming) or who was asked (outgoing). */
  user: PersonCard;
  message: string | null;
  createdAt: string;
}

type RequestRow = {
  id: string;
  user_id: string;
  username: string;
  avatar_url: string | null;
  message: string | null;
  created_at: Date;
  key: string;
};

/**
 * Pending requests to the viewer (inbox) or from them (outbox), newest first. The other person is
 * shown whatever their privacy — the request itself introduced them — unless their account is
 * deactivated or being deleted; blocks delete pending requests, so none remain to show.
 */
export async function listFriendRequests(
  db: Db,
  viewerId: string,
  input: FriendRequestListInput,
): Promise<Page<FriendRequestEntry>> {
  const cursor = decodeKeyset(input.cursor);
  const where =
    input.direction === 'incoming'
      ? Prisma.sql`friend_requests f JOIN users u ON u.id = f.requester_id WHERE f.addressee_id = ${viewerId}::uuid`
      : Prisma.sql`friend_requests f JOIN users u ON u.id = f.addressee_id WHERE f.requester_id = ${viewerId}::uuid`;
  const pending = Prisma.sql`${where} AND f.status = 'pending' AND u.is_active AND u.deletion_scheduled_at IS NULL`;
  const [rows, [total]] = await Promise.all([
    db.$queryRaw<RequestRow[]>`
      SELECT f.id::text, u.id::text AS user_id, u.username, u.avatar_url, f.message, f.created_at,
             ${timestampKeySql('f.created_at')} AS key
      FROM ${pending} ${afterKeyset(cursor, { time: 'f.created_at', id: 'f.id' }, 'desc')}
      ORDER BY f.created_at DESC, f.id DESC
      LIMIT ${input.limit + 1}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM ${pending}`,
  ]);
  return pageOf(
    rows,
    input.limit,
    (row) => row.id,
    (row) => ({
      id: row.id,
      direction: input.direction,
      user: { id: row.user_id, username: row.username, avatarUrl: row.avatar_url },
      message: row.message,
      createdAt: row.created_at.toISOString(),
    }),
    total?.total ?? 0,
  );
}

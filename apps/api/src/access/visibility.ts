/**
 * THE visibility rule (DESIGN.md §6). Every read of another user's content — profiles, collections,
 * armies, wishlists, feeds, search — decides "may this viewer see this owner's content?" here and
 * nowhere else:
 *
 *   - self: always (whatever the privacy setting, blocks or account state);
 *   - a block in either direction hides each user from the other everywhere;
 *   - an owner who is deactivated or whose account is scheduled for deletion is hidden from others;
 *   - public: everyone, signed in or not;
 *   - friends: friends only (a 'friend' row in user_relationships in BOTH directions — accepting a
 *     friend request writes the pair; a one-way follow is not friendship);
 *   - private: nobody but the owner.
 *
 * Three faces of the same rule: `relationshipBetween` (facts about a pair), `decideAccess` / the
 * `canViewOwner` helpers (one owner, in code) and `visibleOwnersWhere` (many owners, as a Prisma
 * `where` on users that lists compose: `where: { user: visibleOwnersWhere(viewerId), … }`).
 * visibility.test.ts checks the code and the SQL faces agree on every case of the matrix.
 */
import type { Db, Prisma } from '@plastic-crack/db';
import type { PrivacyLevel } from '@plastic-crack/api-contract';

export interface Relationship {
  self: boolean;
  /** Friendship: a 'friend' row each way. */
  friend: boolean;
  /** The viewer follows the owner (a follow row, or friendship, which implies following). */
  follows: boolean;
  /** Either user has blocked the other. */
  blockedEitherWay: boolean;
}

const STRANGERS: Relationship = { self: false, friend: false, follows: false, blockedEitherWay: false };

/** The facts about viewer → owner, read from user_relationships in one query. */
export async function relationshipBetween(
  db: Db,
  viewerId: string | null,
  ownerId: string,
): Promise<Relationship> {
  if (!viewerId) return STRANGERS;
  if (viewerId === ownerId) return { ...STRANGERS, self: true };
  const rows = await db.userRelationship.findMany({
    where: {
      OR: [
        { followerId: viewerId, followingId: ownerId },
        { followerId: ownerId, followingId: viewerId },
      ],
    },
    select: { followerId: true, relationshipType: true },
  });
  const outgoing = rows.find((row) => row.followerId === viewerId)?.relationshipType;
  const incoming = rows.find((row) => row.followerId === ownerId)?.relationshipType;
  return {
    self: false,
    friend: outgoing === 'friend' && incoming === 'friend',
    follows: outgoing === 'follow' || outgoing === 'friend',
    blockedEitherWay: outgoing === 'blocked' || incoming === 'blocked',
  };
}

/** What the rule needs to know about the owner. */
export interface OwnerState {
  privacySetting: PrivacyLevel;
  isActive: boolean;
  deletionScheduledAt: Date | null;
}

/**
 * `full`: the owner's content is visible. `card`: only that the account exists (username and avatar,
 * so a friend request can be sent) — a friends-only owner seen by a non-friend. `hidden`: as if the
 * account did not exist; callers answer NOT_FOUND, never FORBIDDEN, so existence does not leak.
 */
export type Access = 'full' | 'card' | 'hidden';

export function decideAccess(owner: OwnerState, relationship: Relationship): Access {
  if (relationship.self) return 'full';
  if (relationship.blockedEitherWay || !owner.isActive || owner.deletionScheduledAt) return 'hidden';
  switch (owner.privacySetting) {
    case 'public':
      return 'full';
    case 'friends':
      return relationship.friend ? 'full' : 'card';
    case 'private':
      return 'hidden';
  }
}

export const ownerStateSelect = {
  privacySetting: true,
  isActive: true,
  deletionScheduledAt: true,
} satisfies Prisma.UserSelect;

/** The access a viewer has to one owner, or `hidden` when the owner does not exist. */
export async function accessToOwner(db: Db, viewerId: string | null, ownerId: string): Promise<Access> {
  const owner = await db.user.findUnique({ where: { id: ownerId }, select: ownerStateSelect });
  if (!owner) return 'hidden';
  return decideAccess(owner, await relationshipBetween(db, viewerId, ownerId));
}

/** May the viewer see this owner's content (collections, armies, activity…)? */
export async function canViewOwner(db: Db, viewerId: string | null, ownerId: string): Promise<boolean> {
  return (await accessToOwner(db, viewerId, ownerId)) === 'full';
}

/**
 * The same rule as `decideAccess(…) === 'full'`, as a Prisma filter on users: "owners whose content
 * this viewer may see". Compose it into a list's own where, e.g.
 * `db.userModel.findMany({ where: { isPublic: true, user: visibleOwnersWhere(viewerId) } })`.
 */
export function visibleOwnersWhere(viewerId: string | null): Prisma.UserWhereInput {
  const others: Prisma.UserWhereInput = { isActive: true, deletionScheduledAt: null };
  if (!viewerId) return { ...others, privacySetting: 'public' };
  return {
    OR: [
      { id: viewerId },
      {
        ...others,
        // `following` are the rows the owner wrote (owner → viewer), `followers` the viewer's.
        following: { none: { followingId: viewerId, relationshipType: 'blocked' } },
        followers: { none: { followerId: viewerId, relationshipType: 'blocked' } },
        OR: [
          { privacySetting: 'public' },
          {
            privacySetting: 'friends',
            AND: [
              { following: { some: { followingId: viewerId, relationshipType: 'friend' } } },
              { followers: { some: { followerId: viewerId, relationshipType: 'friend' } } },
            ],
          },
        ],
      },
    ],
  };
}

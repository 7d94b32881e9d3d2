import type { Db, Prisma } from '@plastic-crack/db';
import { accessToOwner, visibleOwnersWhere } from '../access/visibility.ts';
import { DomainError, forbidden, notFound, unauthorized } from '../errors.ts';

/**
 * Who may read and who may change a collection item — the two rules every collection procedure goes
 * through (photos, painting log and custom-field values included):
 *
 *   - read: the owner always; anyone else only a public item of an owner the visibility rule lets
 *     them see (access/visibility.ts). Anything else is NOT_FOUND, so a private item does not leak.
 *   - write: the owner only (`requireOwnedModel`); another user's item is NOT_FOUND too.
 */

type Client = Db | Prisma.TransactionClient;

/** The items this viewer may read, as a Prisma filter to compose into a query's own where. */
export function visibleItemsWhere(viewerId: string | null): Prisma.UserModelWhereInput {
  const othersPublicItems: Prisma.UserModelWhereInput = {
    isPublic: true,
    user: visibleOwnersWhere(viewerId),
  };
  return viewerId ? { OR: [{ userId: viewerId }, othersPublicItems] } : othersPublicItems;
}

/** The item if this viewer may read it, else NOT_FOUND. */
export async function requireVisibleModel<S extends Prisma.UserModelSelect>(
  db: Client,
  viewerId: string | null,
  id: string,
  select: S,
): Promise<Prisma.UserModelGetPayload<{ select: S }>> {
  const item = await db.userModel.findFirst({
    where: { AND: [{ id }, visibleItemsWhere(viewerId)] },
    select,
  });
  if (!item) throw notFound('Collection item');
  return item as Prisma.UserModelGetPayload<{ select: S }>;
}

/**
 * The one ownership check for writes. With `lock`, the item's row is locked FOR UPDATE until the
 * transaction ends, so counts taken under it (photos per item) cannot race.
 */
export async function requireOwnedModel(
  db: Client,
  viewerId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<void> {
  const rows = options.lock
    ? await db.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM user_models WHERE id = ${id}::uuid AND user_id = ${viewerId}::uuid FOR UPDATE`
    : await db.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM user_models WHERE id = ${id}::uuid AND user_id = ${viewerId}::uuid`;
  if (rows.length === 0) throw notFound('Collection item');
}

/** Bulk form: every id must be the viewer's (rows locked), or nothing happens. */
export async function requireOwnedModels(
  db: Prisma.TransactionClient,
  viewerId: string,
  ids: string[],
): Promise<void> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM user_models
    WHERE id = ANY(${ids}::uuid[]) AND user_id = ${viewerId}::uuid
    ORDER BY id
    FOR UPDATE`;
  if (rows.length !== ids.length) {
    const missing = ids.length - rows.length;
    throw new DomainError(
      'NOT_FOUND',
      `${missing} of the selected items ${missing === 1 ? 'is' : 'are'} not in your collection; nothing was changed`,
    );
  }
}

export interface CollectionScope {
  ownerId: string;
  /** The viewer is the owner: private items, purchase details and custom-field values are included. */
  isOwner: boolean;
}

/**
 * Whose collection a list reads. No username: the viewer's own (sign-in required). Another user's:
 * only if the visibility rule gives full access — hidden owners (private, blocked, deactivated,
 * unknown) are NOT_FOUND; a friends-only owner seen by a non-friend is FORBIDDEN (their profile card
 * is visible anyway, so nothing leaks). Only public items are listed for anyone but the owner.
 */
export async function resolveCollectionScope(
  db: Db,
  viewerId: string | null,
  ownerUsername: string | undefined,
): Promise<CollectionScope> {
  if (ownerUsername === undefined) {
    if (!viewerId) throw unauthorized('Sign in to see your collection, or name whose collection to show');
    return { ownerId: viewerId, isOwner: true };
  }
  // Usernames are unique case-insensitively (a lower() unique index serves this lookup).
  const [owner] = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM users WHERE lower(username) = lower(${ownerUsername})`;
  if (!owner) throw notFound('Collection');
  if (owner.id === viewerId) return { ownerId: owner.id, isOwner: true };
  const access = await accessToOwner(db, viewerId, owner.id);
  if (access === 'hidden') throw notFound('Collection');
  if (access === 'card') throw forbidden('Only their friends can see this collection');
  return { ownerId: owner.id, isOwner: false };
}

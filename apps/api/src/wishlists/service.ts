import { randomBytes } from 'node:crypto';
import {
  WISHLIST_LIMITS,
  type AddItemInput,
  type AddWishlistItemInput,
  type CreateWishlistInput,
  type MarkBoughtInput,
  type UpdateWishlistInput,
  type UpdateWishlistItemInput,
  type WishlistListInput,
  type WishlistPriorityLevel,
} from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import {
  accessToOwner,
  decideAccess,
  ownerStateSelect,
  relationshipBetween,
  visibleOwnersWhere,
} from '../access/visibility.ts';
import { addItem } from '../collection/service.ts';
import type { CollectionItemDetail } from '../collection/shape.ts';
import { badInput, conflict, notFound, unauthorized } from '../errors.ts';

/**
 * Wishlists: several named lists per user of things they want, from the catalogue or free text.
 *
 *   - exactly one default list per user while they have any: the first list is the default; making
 *     another the default flips both in one transaction; deleting the default promotes the oldest
 *     remaining list (deleting the last list leaves none, and the next list created is the default).
 *     Changes to a user's set of lists are serialised by a per-user advisory lock.
 *   - read: the owner always; anyone else a public list of an owner the visibility rule lets them
 *     see; a private list is NOT_FOUND. A share link (`share_token`, 192 random bits) opens one list,
 *     public or not, to anyone holding it — even signed out — until `unshare`, unless its owner is
 *     hidden (deactivated, leaving) or either has blocked the other.
 *   - write: the owner only, through `requireOwnedWishlist`.
 *   - "bought it" adds the item to the collection through the collection service and marks the
 *     wishlist item bought (`purchasedAt`), in one transaction. Bought items stay on the list, after
 *     the open ones, so the list keeps its history; removing them is `removeItem`.
 */

type Tx = Prisma.TransactionClient;

export interface Placement {
  id: string;
  name: string;
}

export interface WishlistItemView {
  id: string;
  wishlistId: string;
  /** The catalogue entry, or null for a free-text item. */
  modelId: string | null;
  name: string;
  catalogName: string | null;
  faction: Placement | null;
  gameSystem: Placement | null;
  quantity: number;
  priority: WishlistPriorityLevel;
  estimatedPrice: number | null;
  currency: string;
  productUrl: string | null;
  notes: string | null;
  purchasedAt: string | null;
  addedAt: string;
  updatedAt: string;
}

export interface WishlistSummary {
  id: string;
  owner: { id: string; username: string };
  name: string;
  description: string | null;
  isDefault: boolean;
  isPublic: boolean;
  /** Owner only; null for everyone else (and when not shared). */
  shareToken: string | null;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface WishlistDetail extends WishlistSummary {
  isOwner: boolean;
  /** Open items first (urgent → low, then oldest added first), then bought ones. */
  items: WishlistItemView[];
}

export interface BoughtResult {
  item: WishlistItemView;
  collectionItem: CollectionItemDetail;
}

const placement = { select: { id: true, name: true } } as const;

const wishlistSelect = {
  id: true,
  userId: true,
  name: true,
  description: true,
  isDefault: true,
  isPublic: true,
  shareToken: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, username: true } },
  _count: { select: { items: true } },
} satisfies Prisma.WishlistSelect;

type WishlistRow = Prisma.WishlistGetPayload<{ select: typeof wishlistSelect }>;

const itemSelect = {
  id: true,
  wishlistId: true,
  modelId: true,
  name: true,
  quantity: true,
  priority: true,
  estimatedPrice: true,
  currency: true,
  productUrl: true,
  notes: true,
  purchasedAt: true,
  createdAt: true,
  updatedAt: true,
  faction: placement,
  gameSystem: placement,
  catalogModel: { select: { name: true } },
} satisfies Prisma.WishlistItemSelect;

type ItemRow = Prisma.WishlistItemGetPayload<{ select: typeof itemSelect }>;

const ITEM_ORDER = [
  { purchasedAt: { sort: 'asc', nulls: 'first' } },
  { priority: 'desc' },
  { createdAt: 'asc' },
  { id: 'asc' },
] satisfies Prisma.WishlistItemOrderByWithRelationInput[];

const LIST_ORDER = [
  { isDefault: 'desc' },
  { createdAt: 'asc' },
  { id: 'asc' },
] satisfies Prisma.WishlistOrderByWithRelationInput[];

function shapeItem(row: ItemRow): WishlistItemView {
  return {
    id: row.id,
    wishlistId: row.wishlistId,
    modelId: row.modelId,
    name: row.name,
    catalogName: row.catalogModel?.name ?? null,
    faction: row.faction,
    gameSystem: row.gameSystem,
    quantity: row.quantity,
    priority: row.priority,
    estimatedPrice: row.estimatedPrice === null ? null : Number(row.estimatedPrice),
    currency: row.currency,
    productUrl: row.productUrl,
    notes: row.notes,
    purchasedAt: row.purchasedAt?.toISOString() ?? null,
    addedAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function shapeSummary(row: WishlistRow, viewerId: string | null): WishlistSummary {
  return {
    id: row.id,
    owner: { id: row.user.id, username: row.user.username },
    name: row.name,
    description: row.description,
    isDefault: row.isDefault,
    isPublic: row.isPublic,
    shareToken: row.userId === viewerId ? row.shareToken : null,
    itemCount: row._count.items,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The lists this viewer may read, as a Prisma filter to compose into a query's own where. */
export function visibleWishlistsWhere(viewerId: string | null): Prisma.WishlistWhereInput {
  const othersPublic: Prisma.WishlistWhereInput = { isPublic: true, user: visibleOwnersWhere(viewerId) };
  return viewerId ? { OR: [{ userId: viewerId }, othersPublic] } : othersPublic;
}

/** Serialises changes to one user's set of lists (which one is default, how many there are). */
async function lockUsersLists(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`wishlists:${userId}`}, 0))`;
}

/** The one ownership check for writes: the list's row is locked FOR UPDATE until the transaction ends. */
export async function requireOwnedWishlist(tx: Tx, viewerId: string, id: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM wishlists WHERE id = ${id}::uuid AND user_id = ${viewerId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound('Wishlist');
}

/** The item's list must be the viewer's (locked); another user's item is NOT_FOUND like a missing one. */
async function requireOwnedItem(tx: Tx, viewerId: string, itemId: string): Promise<{ wishlistId: string }> {
  const item = await tx.wishlistItem.findUnique({ where: { id: itemId }, select: { wishlistId: true } });
  if (!item) throw notFound('Wishlist item');
  await requireOwnedWishlist(tx, viewerId, item.wishlistId).catch(() => {
    throw notFound('Wishlist item');
  });
  return item;
}

async function loadDetail(
  db: Db | Tx,
  viewerId: string | null,
  where: Prisma.WishlistWhereInput,
): Promise<WishlistDetail> {
  const row = await db.wishlist.findFirst({
    where,
    select: { ...wishlistSelect, items: { select: itemSelect, orderBy: ITEM_ORDER } },
  });
  if (!row) throw notFound('Wishlist');
  return {
    ...shapeSummary(row, viewerId),
    isOwner: row.userId === viewerId,
    items: row.items.map(shapeItem),
  };
}

export function getWishlist(db: Db, viewerId: string | null, id: string): Promise<WishlistDetail> {
  return loadDetail(db, viewerId, { AND: [{ id }, visibleWishlistsWhere(viewerId)] });
}

/** A shared list, for anyone holding its link (signed in or not). */
export async function getByShareToken(
  db: Db,
  viewerId: string | null,
  token: string,
): Promise<WishlistDetail> {
  const list = await db.wishlist.findUnique({
    where: { shareToken: token },
    select: { id: true, userId: true, user: { select: ownerStateSelect } },
  });
  if (!list) throw notFound('Wishlist');
  if (list.userId !== viewerId) {
    // The link overrides the list's and the profile's privacy, never a block or a hidden account.
    const relationship = await relationshipBetween(db, viewerId, list.userId);
    const ownerState = { ...list.user, privacySetting: 'public' as const };
    if (decideAccess(ownerState, relationship) !== 'full') throw notFound('Wishlist');
  }
  return loadDetail(db, viewerId, { id: list.id, shareToken: token });
}

/** The viewer's lists (default first), or `ownerUsername`'s public lists when the rule allows. */
export async function listWishlists(
  db: Db,
  viewerId: string | null,
  input: WishlistListInput,
): Promise<WishlistSummary[]> {
  let ownerId: string;
  if (input.ownerUsername === undefined) {
    if (!viewerId) throw unauthorized('Sign in to see your wishlists, or name whose wishlists to show');
    ownerId = viewerId;
  } else {
    const [owner] = await db.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM users WHERE lower(username) = lower(${input.ownerUsername})`;
    if (!owner || (await accessToOwner(db, viewerId, owner.id)) !== 'full') throw notFound('Wishlists');
    ownerId = owner.id;
  }
  // At most WISHLIST_LIMITS.listsPerUser rows, so one page; item counts come in the same query.
  const rows = await db.wishlist.findMany({
    where: { AND: [{ userId: ownerId }, visibleWishlistsWhere(viewerId)] },
    select: wishlistSelect,
    orderBy: LIST_ORDER,
  });
  return rows.map((row) => shapeSummary(row, viewerId));
}

export async function createWishlist(
  db: Db,
  viewerId: string,
  input: CreateWishlistInput,
): Promise<WishlistDetail> {
  const id = await db.$transaction(async (tx) => {
    await lockUsersLists(tx, viewerId);
    const count = await tx.wishlist.count({ where: { userId: viewerId } });
    if (count >= WISHLIST_LIMITS.listsPerUser) {
      throw badInput(`You can keep at most ${WISHLIST_LIMITS.listsPerUser} wishlists`);
    }
    const created = await tx.wishlist.create({
      data: {
        userId: viewerId,
        name: input.name,
        description: input.description ?? null,
        isPublic: input.isPublic,
        isDefault: count === 0,
      },
      select: { id: true },
    });
    return created.id;
  });
  return getWishlist(db, viewerId, id);
}

export async function updateWishlist(
  db: Db,
  viewerId: string,
  input: UpdateWishlistInput,
): Promise<WishlistDetail> {
  await db.$transaction(async (tx) => {
    await requireOwnedWishlist(tx, viewerId, input.id);
    await tx.wishlist.update({
      where: { id: input.id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.isPublic !== undefined && { isPublic: input.isPublic }),
      },
    });
  });
  return getWishlist(db, viewerId, input.id);
}

/** Makes this list the default; the previous default stops being it in the same transaction. */
export async function setDefaultWishlist(db: Db, viewerId: string, id: string): Promise<WishlistDetail> {
  await db.$transaction(async (tx) => {
    await lockUsersLists(tx, viewerId);
    await requireOwnedWishlist(tx, viewerId, id);
    // Unset first: the unique partial index allows one default per user at any moment.
    await tx.wishlist.updateMany({
      where: { userId: viewerId, isDefault: true, id: { not: id } },
      data: { isDefault: false },
    });
    await tx.wishlist.update({ where: { id }, data: { isDefault: true } });
  });
  return getWishlist(db, viewerId, id);
}

/** Deletes a list and its items; deleting the default promotes the oldest remaining list. */
export async function deleteWishlist(
  db: Db,
  viewerId: string,
  id: string,
): Promise<{ id: string; newDefaultId: string | null }> {
  return db.$transaction(async (tx) => {
    await lockUsersLists(tx, viewerId);
    await requireOwnedWishlist(tx, viewerId, id);
    const deleted = await tx.wishlist.delete({ where: { id }, select: { isDefault: true } });
    if (!deleted.isDefault) return { id, newDefaultId: null };
    const next = await tx.wishlist.findFirst({
      where: { userId: viewerId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    if (next) await tx.wishlist.update({ where: { id: next.id }, data: { isDefault: true } });
    return { id, newDefaultId: next?.id ?? null };
  });
}

/** A random, unguessable share token (192 bits); sharing a shared list keeps its token. */
export async function shareWishlist(db: Db, viewerId: string, id: string): Promise<WishlistDetail> {
  await db.$transaction(async (tx) => {
    await requireOwnedWishlist(tx, viewerId, id);
    const current = await tx.wishlist.findUniqueOrThrow({ where: { id }, select: { shareToken: true } });
    if (current.shareToken) return;
    await tx.wishlist.update({ where: { id }, data: { shareToken: randomBytes(24).toString('base64url') } });
  });
  return getWishlist(db, viewerId, id);
}

/** The old link stops working at once; sharing again makes a new one. */
export async function unshareWishlist(db: Db, viewerId: string, id: string): Promise<WishlistDetail> {
  await db.$transaction(async (tx) => {
    await requireOwnedWishlist(tx, viewerId, id);
    await tx.wishlist.update({ where: { id }, data: { shareToken: null } });
  });
  return getWishlist(db, viewerId, id);
}

interface ItemPlacement {
  modelId: string | null;
  name: string;
  factionId: string | null;
  gameSystemId: string | null;
}

/**
 * A catalogue item takes the catalogue's name (unless given one), faction and game system; a
 * free-text item's faction must exist and agree with its game system (a faction alone implies it).
 */
async function resolveItemPlacement(tx: Tx, input: AddWishlistItemInput): Promise<ItemPlacement> {
  if (input.modelId !== undefined) {
    const entry = await tx.catalogModel.findUnique({
      where: { id: input.modelId },
      select: { id: true, name: true, factionId: true, gameSystemId: true },
    });
    if (!entry) throw badInput('That catalogue model does not exist', 'modelId');
    return {
      modelId: entry.id,
      name: input.name ?? entry.name,
      factionId: entry.factionId,
      gameSystemId: entry.gameSystemId,
    };
  }
  let gameSystemId = input.gameSystemId ?? null;
  if (input.factionId !== undefined) {
    const faction = await tx.faction.findUnique({
      where: { id: input.factionId },
      select: { gameSystemId: true },
    });
    if (!faction) throw badInput('That faction does not exist', 'factionId');
    if (gameSystemId && gameSystemId.toLowerCase() !== faction.gameSystemId) {
      throw badInput('That faction belongs to another game system', 'factionId');
    }
    gameSystemId = faction.gameSystemId;
  } else if (gameSystemId) {
    const system = await tx.gameSystem.findUnique({ where: { id: gameSystemId }, select: { id: true } });
    if (!system) throw badInput('That game system does not exist', 'gameSystemId');
  }
  return { modelId: null, name: input.name ?? '', factionId: input.factionId ?? null, gameSystemId };
}

export async function addWishlistItem(
  db: Db,
  viewerId: string,
  input: AddWishlistItemInput,
): Promise<WishlistItemView> {
  return db.$transaction(async (tx) => {
    await requireOwnedWishlist(tx, viewerId, input.wishlistId);
    const count = await tx.wishlistItem.count({ where: { wishlistId: input.wishlistId } });
    if (count >= WISHLIST_LIMITS.itemsPerList) {
      throw badInput(`A wishlist holds at most ${WISHLIST_LIMITS.itemsPerList} items`);
    }
    const placed = await resolveItemPlacement(tx, input);
    const row = await tx.wishlistItem.create({
      data: {
        wishlistId: input.wishlistId,
        ...placed,
        quantity: input.quantity,
        priority: input.priority,
        estimatedPrice: input.estimatedPrice === undefined ? null : input.estimatedPrice.toFixed(2),
        ...(input.currency && { currency: input.currency }),
        productUrl: input.productUrl ?? null,
        notes: input.notes ?? null,
      },
      select: itemSelect,
    });
    return shapeItem(row);
  });
}

export async function updateWishlistItem(
  db: Db,
  viewerId: string,
  input: UpdateWishlistItemInput,
): Promise<WishlistItemView> {
  return db.$transaction(async (tx) => {
    await requireOwnedItem(tx, viewerId, input.itemId);
    const row = await tx.wishlistItem.update({
      where: { id: input.itemId },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.quantity !== undefined && { quantity: input.quantity }),
        ...(input.priority !== undefined && { priority: input.priority }),
        ...(input.estimatedPrice !== undefined && {
          estimatedPrice: input.estimatedPrice === null ? null : input.estimatedPrice.toFixed(2),
        }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.productUrl !== undefined && { productUrl: input.productUrl }),
        ...(input.notes !== undefined && { notes: input.notes }),
      },
      select: itemSelect,
    });
    return shapeItem(row);
  });
}

export async function removeWishlistItem(db: Db, viewerId: string, itemId: string): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await requireOwnedItem(tx, viewerId, itemId);
    await tx.wishlistItem.delete({ where: { id: itemId } });
    return { id: itemId };
  });
}

/**
 * The collection service opens its own transaction; handed this view of `tx`, its `$transaction`
 * runs inside ours, so the new collection item and the wishlist mark commit or roll back together.
 */
function withinTransaction(tx: Tx): Db {
  return new Proxy(tx, {
    get(target, property) {
      if (property === '$transaction') {
        return (work: (inner: Tx) => Promise<unknown>) => work(tx);
      }
      return Reflect.get(target, property) as unknown;
    },
  }) as unknown as Db;
}

/** "Bought it": into the collection (via the collection service) and marked bought, all or nothing. */
export async function markBought(db: Db, viewerId: string, input: MarkBoughtInput): Promise<BoughtResult> {
  return db.$transaction(async (tx) => {
    await requireOwnedItem(tx, viewerId, input.itemId);
    // The list is locked by the check above, so two "bought it" clicks cannot both pass this.
    const item = await tx.wishlistItem.findUniqueOrThrow({
      where: { id: input.itemId },
      select: {
        modelId: true,
        name: true,
        factionId: true,
        gameSystemId: true,
        currency: true,
        purchasedAt: true,
        catalogModel: { select: { name: true } },
      },
    });
    if (item.purchasedAt) throw conflict('That item is already marked as bought');
    const collectionInput: AddItemInput = {
      ...(item.modelId
        ? // A name the user gave the catalogue item carries over as the collection item's own name.
          { modelId: item.modelId, ...(item.name !== item.catalogModel?.name && { name: item.name }) }
        : {
            name: item.name,
            ...(item.factionId && { factionId: item.factionId }),
            ...(item.gameSystemId && { gameSystemId: item.gameSystemId }),
          }),
      quantity: input.quantity,
      currency: input.currency ?? item.currency,
      ...(input.purchasePrice !== undefined && { purchasePrice: input.purchasePrice }),
      ...(input.purchaseDate !== undefined && { purchaseDate: input.purchaseDate }),
      ...(input.purchaseLocation !== undefined && { purchaseLocation: input.purchaseLocation }),
    };
    const collectionItem = await addItem(withinTransaction(tx), viewerId, collectionInput);
    const row = await tx.wishlistItem.update({
      where: { id: input.itemId },
      data: { purchasedAt: new Date() },
      select: itemSelect,
    });
    return { item: shapeItem(row), collectionItem };
  });
}

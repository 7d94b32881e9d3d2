import type {
  AddArmyEntryInput,
  ArmyListInput,
  ArmyPointsState,
  CreateArmyInput,
  PaintingStage,
  UpdateArmyEntryInput,
  UpdateArmyInput,
} from '@plastic-crack/api-contract';
import { PAINTED_STAGES } from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import { accessToOwner, visibleOwnersWhere } from '../access/visibility.ts';
import { requireOwnedModel } from '../collection/access.ts';
import { badInput, conflict, notFound, unauthorized } from '../errors.ts';

/**
 * Armies: a list of the owner's own collection items for one faction, with quantities, a points
 * limit and progress.
 *
 *   - read: the owner always; anyone else only a public army of an owner the visibility rule lets
 *     them see (access/visibility.ts). Anything else is NOT_FOUND, so a private army does not leak.
 *     A public army shows its entries (name, points, stage) even when an item itself is private in
 *     the collection: making the army public is the owner's choice to show what is in it.
 *   - write: the owner only, through `requireOwnedArmy`; entries only from the owner's own items,
 *     through the collection's `requireOwnedModel`.
 *   - an entry's quantity is at most the item's owned quantity when it is added or changed (you
 *     cannot field models you do not own). If the collection item's quantity is lowered later the
 *     entry is kept, and `ownedModels` counts only what is still owned (least of the two).
 *   - points per model are the item's own points, else its catalogue entry's; an entry without
 *     either counts 0 and is reported in `unpointedEntries`.
 */

type Tx = Prisma.TransactionClient;
type Client = Db | Tx;

export interface Placement {
  id: string;
  name: string;
}

export interface ArmySummary {
  id: string;
  owner: { id: string; username: string };
  name: string;
  description: string | null;
  faction: Placement | null;
  gameSystem: Placement | null;
  pointsLimit: number | null;
  isPublic: boolean;
  createdAt: string;
  updatedAt: string;
  entryCount: number;
  /** Models fielded: the sum of the entries' quantities. */
  modelCount: number;
  /** Fielded models still owned (an entry counts at most its item's current quantity). */
  ownedModels: number;
  /** Fielded models whose item is finished or showcase_ready. */
  paintedModels: number;
  /** 0–100, whole percent of `modelCount`; 0 for an empty army. */
  paintedPercent: number;
  pointsTotal: number;
  /** Against `pointsLimit`; null when the army has no limit. */
  pointsState: ArmyPointsState | null;
  /** Entries whose item has no points value (counted as 0). */
  unpointedEntries: number;
}

export interface ArmyEntry {
  id: string;
  userModelId: string;
  modelId: string | null;
  name: string;
  /** Per model. */
  pointsValue: number | null;
  quantity: number;
  /** The collection item's current quantity. */
  ownedQuantity: number;
  /** pointsValue × quantity. */
  points: number;
  paintingStatus: PaintingStage;
  isPainted: boolean;
  notes: string | null;
  addedAt: string;
}

export interface ArmyDetail extends ArmySummary {
  isOwner: boolean;
  entries: ArmyEntry[];
}

export interface ArmyPage {
  items: ArmySummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const placement = { select: { id: true, name: true } } as const;

const armySelect = {
  id: true,
  userId: true,
  name: true,
  description: true,
  pointsLimit: true,
  isPublic: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { id: true, username: true } },
  faction: placement,
  gameSystem: placement,
} satisfies Prisma.ArmySelect;

type ArmyRow = Prisma.ArmyGetPayload<{ select: typeof armySelect }>;

/** The armies this viewer may read, as a Prisma filter to compose into a query's own where. */
export function visibleArmiesWhere(viewerId: string | null): Prisma.ArmyWhereInput {
  const othersPublic: Prisma.ArmyWhereInput = { isPublic: true, user: visibleOwnersWhere(viewerId) };
  return viewerId ? { OR: [{ userId: viewerId }, othersPublic] } : othersPublic;
}

/**
 * The one ownership check for writes to an army and its entries. The army's row is locked FOR UPDATE
 * until the transaction ends, so two changes to the same army cannot interleave.
 */
export async function requireOwnedArmy(tx: Tx, viewerId: string, armyId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM armies WHERE id = ${armyId}::uuid AND user_id = ${viewerId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound('Army');
}

interface AggregateRow {
  army_id: string;
  entry_count: number;
  model_count: bigint;
  owned_models: bigint;
  painted_models: bigint;
  points_total: bigint;
  unpointed_entries: number;
}

interface Totals {
  entryCount: number;
  modelCount: number;
  ownedModels: number;
  paintedModels: number;
  pointsTotal: number;
  unpointedEntries: number;
}

const EMPTY_TOTALS: Totals = {
  entryCount: 0,
  modelCount: 0,
  ownedModels: 0,
  paintedModels: 0,
  pointsTotal: 0,
  unpointedEntries: 0,
};

/** Every army's totals in one grouped query, whatever the number of armies (no query per army). */
async function totalsFor(db: Client, armyIds: string[]): Promise<Map<string, Totals>> {
  if (armyIds.length === 0) return new Map();
  const painted = [...PAINTED_STAGES];
  const rows = await db.$queryRaw<AggregateRow[]>`
    SELECT am.army_id::text AS army_id,
      count(*)::int AS entry_count,
      sum(am.quantity)::bigint AS model_count,
      sum(least(am.quantity, um.quantity))::bigint AS owned_models,
      coalesce(sum(am.quantity) FILTER (WHERE um.painting_status::text = ANY(${painted}::text[])), 0)::bigint
        AS painted_models,
      sum(coalesce(um.points_value, mc.points_value, 0)::bigint * am.quantity)::bigint AS points_total,
      (count(*) FILTER (WHERE um.points_value IS NULL AND mc.points_value IS NULL))::int AS unpointed_entries
    FROM army_models am
    JOIN user_models um ON um.id = am.user_model_id
    LEFT JOIN models_catalog mc ON mc.id = um.model_id
    WHERE am.army_id = ANY(${armyIds}::uuid[])
    GROUP BY am.army_id`;
  return new Map(
    rows.map((row) => [
      row.army_id,
      {
        entryCount: row.entry_count,
        modelCount: Number(row.model_count),
        ownedModels: Number(row.owned_models),
        paintedModels: Number(row.painted_models),
        pointsTotal: Number(row.points_total),
        unpointedEntries: row.unpointed_entries,
      },
    ]),
  );
}

export function pointsState(total: number, limit: number | null): ArmyPointsState | null {
  if (limit === null) return null;
  if (total < limit) return 'under';
  return total === limit ? 'at' : 'over';
}

function shapeSummary(row: ArmyRow, totals: Totals): ArmySummary {
  return {
    id: row.id,
    owner: { id: row.user.id, username: row.user.username },
    name: row.name,
    description: row.description,
    faction: row.faction,
    gameSystem: row.gameSystem,
    pointsLimit: row.pointsLimit,
    isPublic: row.isPublic,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...totals,
    paintedPercent:
      totals.modelCount === 0 ? 0 : Math.floor((totals.paintedModels * 100) / totals.modelCount),
    pointsState: pointsState(totals.pointsTotal, row.pointsLimit),
  };
}

/** Checks the faction exists and agrees with the game system, if one is given; returns the system. */
async function resolveFaction(tx: Tx, factionId: string, gameSystemId: string | undefined): Promise<string> {
  const faction = await tx.faction.findUnique({ where: { id: factionId }, select: { gameSystemId: true } });
  if (!faction) throw badInput('That faction does not exist', 'factionId');
  if (gameSystemId !== undefined && gameSystemId.toLowerCase() !== faction.gameSystemId) {
    throw badInput('That faction belongs to another game system', 'factionId');
  }
  return faction.gameSystemId;
}

export async function createArmy(db: Db, viewerId: string, input: CreateArmyInput): Promise<ArmyDetail> {
  const id = await db.$transaction(async (tx) => {
    const gameSystemId = await resolveFaction(tx, input.factionId, input.gameSystemId);
    const created = await tx.army.create({
      data: {
        userId: viewerId,
        name: input.name,
        description: input.description ?? null,
        factionId: input.factionId,
        gameSystemId,
        pointsLimit: input.pointsLimit,
        isPublic: input.isPublic,
      },
      select: { id: true },
    });
    return created.id;
  });
  return getArmy(db, viewerId, id);
}

export async function updateArmy(db: Db, viewerId: string, input: UpdateArmyInput): Promise<ArmyDetail> {
  await db.$transaction(async (tx) => {
    await requireOwnedArmy(tx, viewerId, input.id);
    await tx.army.update({
      where: { id: input.id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.pointsLimit !== undefined && { pointsLimit: input.pointsLimit }),
        ...(input.isPublic !== undefined && { isPublic: input.isPublic }),
      },
    });
  });
  return getArmy(db, viewerId, input.id);
}

export async function deleteArmy(db: Db, viewerId: string, id: string): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    await requireOwnedArmy(tx, viewerId, id);
    // Entries go with it (ON DELETE CASCADE); the collection items stay.
    await tx.army.delete({ where: { id } });
    return { id };
  });
}

const COPY_SUFFIX = ' (copy)';
const NAME_MAX = 255;

/** A private copy of one of the viewer's armies, entries included, named "<name> (copy)". */
export async function duplicateArmy(db: Db, viewerId: string, id: string): Promise<ArmyDetail> {
  const copyId = await db.$transaction(async (tx) => {
    await requireOwnedArmy(tx, viewerId, id);
    const source = await tx.army.findUniqueOrThrow({
      where: { id },
      select: {
        name: true,
        description: true,
        factionId: true,
        gameSystemId: true,
        pointsLimit: true,
        models: { select: { userModelId: true, quantity: true, notes: true } },
      },
    });
    const name = `${source.name.slice(0, NAME_MAX - COPY_SUFFIX.length)}${COPY_SUFFIX}`;
    const copy = await tx.army.create({
      data: {
        userId: viewerId,
        name,
        description: source.description,
        factionId: source.factionId,
        gameSystemId: source.gameSystemId,
        pointsLimit: source.pointsLimit,
        isPublic: false,
      },
      select: { id: true },
    });
    if (source.models.length > 0) {
      await tx.armyModel.createMany({
        data: source.models.map((entry) => ({ ...entry, armyId: copy.id })),
      });
    }
    return copy.id;
  });
  return getArmy(db, viewerId, copyId);
}

/** One army with its entries (largest points first) and totals; NOT_FOUND unless the viewer may read it. */
export async function getArmy(db: Db, viewerId: string | null, id: string): Promise<ArmyDetail> {
  const row = await db.army.findFirst({
    where: { AND: [{ id }, visibleArmiesWhere(viewerId)] },
    select: {
      ...armySelect,
      models: {
        select: {
          id: true,
          quantity: true,
          notes: true,
          addedAt: true,
          userModel: {
            select: {
              id: true,
              modelId: true,
              name: true,
              pointsValue: true,
              quantity: true,
              paintingStatus: true,
              catalogModel: { select: { name: true, pointsValue: true } },
            },
          },
        },
        orderBy: [{ addedAt: 'asc' }, { id: 'asc' }],
      },
    },
  });
  if (!row) throw notFound('Army');
  const totals = (await totalsFor(db, [row.id])).get(row.id) ?? EMPTY_TOTALS;
  const entries = row.models.map((entry): ArmyEntry => {
    const item = entry.userModel;
    const pointsValue = item.pointsValue ?? item.catalogModel?.pointsValue ?? null;
    return {
      id: entry.id,
      userModelId: item.id,
      modelId: item.modelId,
      name: item.name ?? item.catalogModel?.name ?? '',
      pointsValue,
      quantity: entry.quantity,
      ownedQuantity: item.quantity,
      points: (pointsValue ?? 0) * entry.quantity,
      paintingStatus: item.paintingStatus,
      isPainted: PAINTED_STAGES.includes(item.paintingStatus),
      notes: entry.notes,
      addedAt: entry.addedAt.toISOString(),
    };
  });
  return { ...shapeSummary(row, totals), isOwner: row.userId === viewerId, entries };
}

/**
 * The viewer's own armies, or `ownerUsername`'s public ones when the visibility rule gives full
 * access (otherwise NOT_FOUND). Newest first, by cursor; two queries whatever the page size.
 */
export async function listArmies(db: Db, viewerId: string | null, input: ArmyListInput): Promise<ArmyPage> {
  let ownerId: string;
  if (input.ownerUsername === undefined) {
    if (!viewerId) throw unauthorized('Sign in to see your armies, or name whose armies to show');
    ownerId = viewerId;
  } else {
    const [owner] = await db.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM users WHERE lower(username) = lower(${input.ownerUsername})`;
    if (!owner || (await accessToOwner(db, viewerId, owner.id)) !== 'full') throw notFound('Armies');
    ownerId = owner.id;
  }
  const rows = await db.army.findMany({
    where: { AND: [{ userId: ownerId }, visibleArmiesWhere(viewerId)] },
    select: armySelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    // Prisma's cursor compares positions in the database, so microsecond timestamps never tie wrongly.
    ...(input.cursor && { cursor: { id: input.cursor }, skip: 1 }),
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const totals = await totalsFor(
    db,
    page.map((row) => row.id),
  );
  return {
    items: page.map((row) => shapeSummary(row, totals.get(row.id) ?? EMPTY_TOTALS)),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The item's owned quantity; refuses a wishlist-tracked item or more models than owned. */
async function checkFieldable(tx: Tx, userModelId: string, quantity: number): Promise<void> {
  const item = await tx.userModel.findUniqueOrThrow({
    where: { id: userModelId },
    select: { quantity: true, isWishlist: true },
  });
  if (item.isWishlist) throw badInput('That item is on your wishlist, not in your collection', 'userModelId');
  if (quantity > item.quantity) {
    throw badInput(`You own ${item.quantity} of that item; an army can field at most that many`, 'quantity');
  }
}

/** The entry's army, for the ownership check; NOT_FOUND when it does not exist. */
async function armyOfEntry(tx: Tx, entryId: string): Promise<{ armyId: string; userModelId: string }> {
  const entry = await tx.armyModel.findUnique({
    where: { id: entryId },
    select: { armyId: true, userModelId: true },
  });
  if (!entry) throw notFound('Army entry');
  return entry;
}

export async function addEntry(db: Db, viewerId: string, input: AddArmyEntryInput): Promise<ArmyDetail> {
  await db.$transaction(async (tx) => {
    await requireOwnedArmy(tx, viewerId, input.armyId);
    await requireOwnedModel(tx, viewerId, input.userModelId, { lock: true });
    await checkFieldable(tx, input.userModelId, input.quantity);
    const existing = await tx.armyModel.findUnique({
      where: { armyId_userModelId: { armyId: input.armyId, userModelId: input.userModelId } },
      select: { id: true },
    });
    if (existing) throw conflict('That item is already in this army; change its quantity instead');
    await tx.armyModel.create({
      data: {
        armyId: input.armyId,
        userModelId: input.userModelId,
        quantity: input.quantity,
        notes: input.notes ?? null,
      },
    });
  });
  return getArmy(db, viewerId, input.armyId);
}

export async function updateEntry(
  db: Db,
  viewerId: string,
  input: UpdateArmyEntryInput,
): Promise<ArmyDetail> {
  const armyId = await db.$transaction(async (tx) => {
    const entry = await armyOfEntry(tx, input.entryId);
    // Another user's entry is NOT_FOUND, exactly like one that does not exist.
    await requireOwnedArmy(tx, viewerId, entry.armyId).catch(() => {
      throw notFound('Army entry');
    });
    if (input.quantity !== undefined) {
      await requireOwnedModel(tx, viewerId, entry.userModelId, { lock: true });
      await checkFieldable(tx, entry.userModelId, input.quantity);
    }
    await tx.armyModel.update({
      where: { id: input.entryId },
      data: {
        ...(input.quantity !== undefined && { quantity: input.quantity }),
        ...(input.notes !== undefined && { notes: input.notes }),
      },
    });
    return entry.armyId;
  });
  return getArmy(db, viewerId, armyId);
}

export async function removeEntry(db: Db, viewerId: string, entryId: string): Promise<ArmyDetail> {
  const armyId = await db.$transaction(async (tx) => {
    const entry = await armyOfEntry(tx, entryId);
    await requireOwnedArmy(tx, viewerId, entry.armyId).catch(() => {
      throw notFound('Army entry');
    });
    await tx.armyModel.delete({ where: { id: entryId } });
    return entry.armyId;
  });
  return getArmy(db, viewerId, armyId);
}

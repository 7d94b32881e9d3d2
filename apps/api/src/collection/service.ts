import {
  COLLECTION_LIMITS,
  PAINTED_STAGES,
  type AddItemInput,
  type BulkEditInput,
  type PaintingStage,
  type UpdateItemInput,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { badInput } from '../errors.ts';
import { checkValues, loadDefinitions, valuesFor, writeValues } from '../custom-fields/service.ts';
import { recordActivity } from '../feed/service.ts';
import { requireOwnedModel, requireOwnedModels, requireVisibleModel } from './access.ts';
import { toDateColumn, todayUtc } from './dates.ts';
import { mapDateErrors } from './db-errors.ts';
import { itemDetailSelect, shapeItemDetail, type CollectionItemDetail } from './shape.ts';

/**
 * The collection: items a user owns, from the catalogue or custom, with their painting progress.
 *
 * Painting dates are the server's, never the client's:
 *   - painting_start_date is set (to today, UTC) the first time an item leaves `unpainted`, and kept
 *     from then on — also if the item goes back to `unpainted` — because it records when painting began;
 *   - painting_completion_date is set when the item reaches `finished` or `showcase_ready` (moving
 *     between those two keeps it), and cleared when it goes back below `finished`; reaching
 *     `finished` again sets it anew.
 * Every stage change is recorded in painting_status_history by the database's trigger.
 */

type Tx = Prisma.TransactionClient;

export async function getItem(db: Db, viewerId: string | null, id: string): Promise<CollectionItemDetail> {
  const row = await requireVisibleModel(db, viewerId, id, itemDetailSelect);
  const isOwner = row.userId === viewerId;
  const customFields = isOwner ? ((await valuesFor(db, [row.id])).get(row.id) ?? {}) : {};
  return shapeItemDetail(row, isOwner, customFields);
}

interface PlacementInput {
  modelId?: string | null;
  factionId?: string | null;
  gameSystemId?: string | null;
}

/**
 * Checks the catalogue entry, faction and game system exist. A faction implies its game system: given
 * alone, the game system is taken from it; given with one, they must agree.
 */
async function resolvePlacement(tx: Tx, input: PlacementInput): Promise<PlacementInput> {
  const resolved: PlacementInput = { ...input };
  if (input.modelId) {
    const entry = await tx.catalogModel.findUnique({ where: { id: input.modelId }, select: { id: true } });
    if (!entry) throw badInput('That catalogue model does not exist', 'modelId');
  }
  if (input.factionId) {
    const faction = await tx.faction.findUnique({
      where: { id: input.factionId },
      select: { gameSystemId: true },
    });
    if (!faction) throw badInput('That faction does not exist', 'factionId');
    if (input.gameSystemId && input.gameSystemId.toLowerCase() !== faction.gameSystemId) {
      throw badInput('That faction belongs to another game system', 'factionId');
    }
    if (input.gameSystemId === undefined) resolved.gameSystemId = faction.gameSystemId;
  } else if (input.gameSystemId) {
    const system = await tx.gameSystem.findUnique({
      where: { id: input.gameSystemId },
      select: { id: true },
    });
    if (!system) throw badInput('That game system does not exist', 'gameSystemId');
  }
  return resolved;
}

const isPainted = (stage: PaintingStage) => PAINTED_STAGES.includes(stage);

export async function addItem(db: Db, viewerId: string, input: AddItemInput): Promise<CollectionItemDetail> {
  const stage = input.paintingStatus ?? 'unpainted';
  const today = toDateColumn(todayUtc());
  const id = await mapDateErrors(() =>
    db.$transaction(async (tx) => {
      const placement = await resolvePlacement(tx, input);
      const changes = checkValues(await loadDefinitions(tx, viewerId), input.customFields ?? {}, {
        kind: 'create',
      });
      const created = await tx.userModel.create({
        data: {
          userId: viewerId,
          modelId: placement.modelId ?? null,
          name: input.name ?? null,
          factionId: placement.factionId ?? null,
          gameSystemId: placement.gameSystemId ?? null,
          pointsValue: input.pointsValue ?? null,
          quantity: input.quantity,
          purchasePrice: input.purchasePrice === undefined ? null : input.purchasePrice.toFixed(2),
          ...(input.currency && { currency: input.currency }),
          purchaseDate: input.purchaseDate ? toDateColumn(input.purchaseDate) : null,
          purchaseLocation: input.purchaseLocation ?? null,
          condition: input.condition ?? 'new',
          location: input.storageLocation ?? null,
          tags: input.tags ?? [],
          notes: input.notes ?? null,
          colorScheme: input.colourScheme ?? Prisma.DbNull,
          techniquesUsed: input.techniques ?? [],
          paintingStatus: stage,
          paintingStartDate: stage === 'unpainted' ? null : today,
          paintingCompletionDate: isPainted(stage) ? today : null,
          isShowcase: input.isShowcase ?? false,
          isPublic: input.isPublic ?? true,
        },
        select: { id: true },
      });
      await writeValues(tx, created.id, changes);
      await recordActivity(tx, {
        userId: viewerId,
        type: 'model_added',
        entityType: 'user_model',
        entityId: created.id,
      });
      return created.id;
    }),
  );
  return getItem(db, viewerId, id);
}

/**
 * Moves items to a stage with the server-kept painting dates (see the top of this file). Items
 * already at that stage are left alone, so their history gets no empty entry.
 */
async function applyStage(tx: Tx, ids: string[], stage: PaintingStage): Promise<void> {
  await tx.$executeRaw`
    UPDATE user_models SET
      painting_status = ${stage}::painting_status,
      painting_start_date = CASE WHEN ${stage}::painting_status = 'unpainted' THEN painting_start_date
        ELSE coalesce(painting_start_date, (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')::date) END,
      painting_completion_date = CASE WHEN ${stage}::painting_status IN ('finished', 'showcase_ready')
        THEN coalesce(painting_completion_date, (CURRENT_TIMESTAMP AT TIME ZONE 'UTC')::date) ELSE NULL END
    WHERE id = ANY(${ids}::uuid[]) AND painting_status <> ${stage}::painting_status`;
}

export async function updateItem(
  db: Db,
  viewerId: string,
  input: UpdateItemInput,
): Promise<CollectionItemDetail> {
  await mapDateErrors(() =>
    db.$transaction(async (tx) => {
      await requireOwnedModel(tx, viewerId, input.id, { lock: true });
      const current = await tx.userModel.findUniqueOrThrow({
        where: { id: input.id },
        select: { modelId: true, name: true, paintingStatus: true },
      });
      const modelId = input.modelId !== undefined ? input.modelId : current.modelId;
      const name = input.name !== undefined ? input.name : current.name;
      if (!modelId && !name) throw badInput('A custom item needs a name', 'name');
      const placement = await resolvePlacement(tx, {
        modelId: input.modelId,
        factionId: input.factionId,
        gameSystemId: input.gameSystemId,
      });

      if (input.customFields !== undefined) {
        const existing = await tx.modelCustomField.findMany({
          where: { userModelId: input.id },
          select: { customFieldId: true },
        });
        const changes = checkValues(await loadDefinitions(tx, viewerId), input.customFields, {
          kind: 'edit',
          existing: new Set(existing.map((row) => row.customFieldId)),
        });
        await writeValues(tx, input.id, changes);
      }

      const data: Prisma.UserModelUncheckedUpdateInput = {
        ...(input.modelId !== undefined && { modelId: input.modelId }),
        ...(input.name !== undefined && { name: input.name }),
        ...(placement.factionId !== undefined && { factionId: placement.factionId }),
        ...(placement.gameSystemId !== undefined && { gameSystemId: placement.gameSystemId }),
        ...(input.pointsValue !== undefined && { pointsValue: input.pointsValue }),
        ...(input.quantity !== undefined && { quantity: input.quantity }),
        ...(input.purchasePrice !== undefined && {
          purchasePrice: input.purchasePrice === null ? null : input.purchasePrice.toFixed(2),
        }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.purchaseDate !== undefined && {
          purchaseDate: input.purchaseDate === null ? null : toDateColumn(input.purchaseDate),
        }),
        ...(input.purchaseLocation !== undefined && { purchaseLocation: input.purchaseLocation }),
        ...(input.condition !== undefined && { condition: input.condition }),
        ...(input.storageLocation !== undefined && { location: input.storageLocation }),
        ...(input.tags !== undefined && { tags: input.tags }),
        ...(input.notes !== undefined && { notes: input.notes }),
        ...(input.colourScheme !== undefined && { colorScheme: input.colourScheme ?? Prisma.DbNull }),
        ...(input.techniques !== undefined && { techniquesUsed: input.techniques }),
        ...(input.isShowcase !== undefined && { isShowcase: input.isShowcase }),
        ...(input.isPublic !== undefined && { isPublic: input.isPublic }),
      };
      if (Object.keys(data).length > 0) await tx.userModel.update({ where: { id: input.id }, data });
      if (input.paintingStatus !== undefined) await applyStage(tx, [input.id], input.paintingStatus);
      const painted =
        input.paintingStatus !== undefined &&
        input.paintingStatus !== current.paintingStatus &&
        isPainted(input.paintingStatus);
      await recordActivity(tx, {
        userId: viewerId,
        type: painted ? 'model_painted' : 'model_updated',
        entityType: 'user_model',
        entityId: input.id,
        ...(painted && { data: { stage: input.paintingStatus } }),
      });
    }),
  );
  return getItem(db, viewerId, input.id);
}

export async function setStage(
  db: Db,
  viewerId: string,
  id: string,
  stage: PaintingStage,
): Promise<CollectionItemDetail> {
  await db.$transaction(async (tx) => {
    await requireOwnedModel(tx, viewerId, id, { lock: true });
    const before = await tx.userModel.findUniqueOrThrow({ where: { id }, select: { paintingStatus: true } });
    await applyStage(tx, [id], stage);
    if (isPainted(stage) && before.paintingStatus !== stage)
      await recordActivity(tx, {
        userId: viewerId,
        type: 'model_painted',
        entityType: 'user_model',
        entityId: id,
        data: { stage },
      });
  });
  return getItem(db, viewerId, id);
}

/** Storage keys of the photos that went with deleted items; the caller removes the files after commit. */
export interface DeletedItem {
  id: string;
  photoKeys: string[];
}

export async function deleteItem(db: Db, viewerId: string, id: string): Promise<DeletedItem> {
  return db.$transaction(async (tx) => {
    await requireOwnedModel(tx, viewerId, id, { lock: true });
    const photos = await tx.modelPhoto.findMany({
      where: { userModelId: id },
      select: { storageKey: true, thumbnailStorageKey: true },
    });
    // Photos, painting log, history and custom-field values go with the item (ON DELETE CASCADE).
    await tx.userModel.delete({ where: { id } });
    return {
      id,
      photoKeys: photos.flatMap((photo) => [photo.storageKey, photo.thumbnailStorageKey ?? []].flat()),
    };
  });
}

export interface BulkEditResult {
  updated: number;
}

/**
 * One change over up to 500 of the viewer's items, all or nothing: every id must be theirs (rows
 * locked first), and an item that would end up with too many tags fails the whole edit.
 */
export async function bulkEdit(db: Db, viewerId: string, input: BulkEditInput): Promise<BulkEditResult> {
  return db.$transaction(async (tx) => {
    await requireOwnedModels(tx, viewerId, input.ids);
    if (input.paintingStatus !== undefined) await applyStage(tx, input.ids, input.paintingStatus);
    const addTags = input.addTags ?? [];
    const removeTags = input.removeTags ?? [];
    const both = addTags.filter((tag) => removeTags.includes(tag));
    if (both.length > 0) throw badInput(`Tag "${both[0]}" is both added and removed`, 'addTags');
    if (addTags.length > 0 || removeTags.length > 0) {
      // Existing order first, new tags appended, each once.
      const updated = await tx.$queryRaw<{ tag_count: number }[]>`
        UPDATE user_models SET tags = ARRAY(
          SELECT tag FROM unnest(tags || ${addTags}::text[]) WITH ORDINALITY AS t(tag, position)
          WHERE NOT (tag = ANY(${removeTags}::text[]))
          GROUP BY tag ORDER BY min(position)
        )
        WHERE id = ANY(${input.ids}::uuid[])
        RETURNING cardinality(tags) AS tag_count`;
      const overfull = updated.filter((row) => row.tag_count > COLLECTION_LIMITS.tags);
      if (overfull.length > 0) {
        throw badInput(
          `${overfull.length} of the selected items would have more than ${COLLECTION_LIMITS.tags} tags; nothing was changed`,
          'addTags',
        );
      }
    }
    if (input.storageLocation !== undefined) {
      await tx.userModel.updateMany({
        where: { id: { in: input.ids }, userId: viewerId },
        data: { location: input.storageLocation },
      });
    }
    return { updated: input.ids.length };
  });
}

import type {
  CollectionGroupsInput,
  CollectionListInput,
  ItemCondition,
  PaintingStage,
} from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import {
  loadDefinitions,
  valuesFor,
  type FieldDefinition,
  type StoredValue,
} from '../custom-fields/service.ts';
import { resolveCollectionScope } from './access.ts';
import {
  decodeListCursor,
  encodeListCursor,
  groupsQuery,
  pageQuery,
  sortDirection,
  sortGroups,
  whereConditions,
  type PageRow,
} from './list-query.ts';
import type { CollectionItemSummary } from './shape.ts';

export interface CollectionPage {
  owner: { id: string; isOwner: boolean };
  items: CollectionItemSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * A page of a collection: at most three queries whatever the page size — the page itself (with
 * names, the first thumbnail and photo counts), the owner's custom-field definitions when filtering
 * by them, and the page's custom-field values (owner only).
 */
export async function listCollection(
  db: Db,
  viewerId: string | null,
  input: CollectionListInput,
): Promise<CollectionPage> {
  const scope = await resolveCollectionScope(db, viewerId, input.ownerUsername);
  const fields: Map<string, FieldDefinition> =
    scope.isOwner && input.filters.customFields ? await loadDefinitions(db, scope.ownerId) : new Map();
  const where = whereConditions(scope, input.filters, fields);
  const dir = sortDirection(input.sort);
  const cursor = input.cursor ? decodeListCursor(input.cursor, input.sort.by, dir) : null;

  const rows = await db.$queryRaw<PageRow[]>(pageQuery(where, input.sort.by, dir, cursor, input.limit + 1));
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > input.limit && last ? encodeListCursor(input.sort.by, dir, last.sort_key, last.id) : null;

  const values = scope.isOwner
    ? await valuesFor(
        db,
        page.map((row) => row.id),
      )
    : new Map<string, Record<string, StoredValue>>();
  return {
    owner: { id: scope.ownerId, isOwner: scope.isOwner },
    items: page.map((row) => shapeRow(row, scope.isOwner ? (values.get(row.id) ?? {}) : null)),
    nextCursor,
  };
}

function shapeRow(row: PageRow, customFields: Record<string, StoredValue> | null): CollectionItemSummary {
  return {
    id: row.id,
    ownerId: row.user_id,
    modelId: row.model_id,
    name: row.name ?? row.catalog_name ?? '',
    customName: row.name,
    catalogName: row.catalog_name,
    faction: row.faction_id ? { id: row.faction_id, name: row.faction_name ?? '' } : null,
    gameSystem: row.game_system_id ? { id: row.game_system_id, name: row.game_system_name ?? '' } : null,
    pointsValue: row.points_value,
    quantity: row.quantity,
    condition: row.condition as ItemCondition,
    paintingStatus: row.painting_status as PaintingStage,
    paintingStartDate: row.painting_start_date,
    paintingCompletionDate: row.painting_completion_date,
    paintingTimeMinutes: row.painting_time_minutes,
    tags: row.tags,
    isShowcase: row.is_showcase,
    isPublic: row.is_public,
    likeCount: row.like_count,
    commentCount: row.comment_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    thumbnailUrl: row.thumbnail_url,
    photoCount: row.photo_count,
    ownerDetails: customFields
      ? {
          purchasePrice: row.purchase_price === null ? null : Number(row.purchase_price),
          currency: row.currency,
          purchaseDate: row.purchase_date,
          purchaseLocation: row.purchase_location,
          storageLocation: row.location,
          customFields,
        }
      : null,
  };
}

export interface CollectionGroups {
  by: CollectionGroupsInput['by'];
  /** `key` is the faction / game system id, stage or condition; null gathers items without one. */
  groups: { key: string | null; label: string | null; items: number; quantity: number }[];
  totalItems: number;
  totalQuantity: number;
}

/** Counts per faction, game system, stage or condition over the list's scope and filters. */
export async function collectionGroups(
  db: Db,
  viewerId: string | null,
  input: CollectionGroupsInput,
): Promise<CollectionGroups> {
  const scope = await resolveCollectionScope(db, viewerId, input.ownerUsername);
  const fields: Map<string, FieldDefinition> =
    scope.isOwner && input.filters.customFields ? await loadDefinitions(db, scope.ownerId) : new Map();
  const rows = await db.$queryRaw<
    { key: string | null; label: string | null; items: number; quantity: number }[]
  >(groupsQuery(whereConditions(scope, input.filters, fields), input.by));
  const groups = sortGroups(input.by, rows);
  return {
    by: input.by,
    groups,
    totalItems: groups.reduce((sum, group) => sum + group.items, 0),
    totalQuantity: groups.reduce((sum, group) => sum + group.quantity, 0),
  };
}

import {
  CONDITIONS,
  PAINTING_STAGES,
  type CollectionFilters,
  type CollectionSort,
  type CustomFieldFilter,
} from '@plastic-crack/api-contract';
import { Prisma } from '@plastic-crack/db';
import { z } from 'zod';
import { badInput } from '../errors.ts';
import type { FieldDefinition } from '../custom-fields/service.ts';
import type { CollectionScope } from './access.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/**
 * SQL for the collection list and its groups. An item's name, faction, game system and points are
 * its own, else its catalogue entry's (`models_catalog mc`). Filters never need the catalogue joined
 * (they look its entries up by index and match `um.model_id`), so the page query joins it only for
 * the name and points sorts.
 */

type SortField = CollectionSort['by'];
export type Direction = 'asc' | 'desc';

interface SortSpec {
  /** The ORDER BY expression. */
  value: Prisma.Sql;
  /** The same value as text for the cursor (timestamps keep their microseconds, money its cents). */
  key: Prisma.Sql;
  cast: string;
  /** Nullable sorts put empty values last in either direction. */
  nullable: boolean;
  /** Reads the catalogue entry (`mc`). Only then is it joined: the join, even unused, can keep
   * PostgreSQL from walking the owner's (user_id, created_at, id) index. */
  usesCatalog: boolean;
  defaultDirection: Direction;
  keyShape: z.ZodType<string>;
}

const SORTS: Record<SortField, SortSpec> = {
  name: {
    value: Prisma.sql`lower(coalesce(um.name, mc.name))`,
    key: Prisma.sql`lower(coalesce(um.name, mc.name))`,
    cast: 'text',
    nullable: false,
    usesCatalog: true,
    defaultDirection: 'asc',
    keyShape: z.string().max(255),
  },
  stage: {
    value: Prisma.sql`um.painting_status`,
    key: Prisma.sql`um.painting_status::text`,
    cast: 'painting_status',
    nullable: false,
    usesCatalog: false,
    defaultDirection: 'asc',
    keyShape: z.enum(PAINTING_STAGES),
  },
  added: {
    value: Prisma.sql`um.created_at`,
    key: Prisma.sql`to_char(um.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    cast: 'timestamptz',
    nullable: false,
    usesCatalog: false,
    defaultDirection: 'desc',
    keyShape: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  },
  purchaseDate: {
    value: Prisma.sql`um.purchase_date`,
    key: Prisma.sql`to_char(um.purchase_date, 'YYYY-MM-DD')`,
    cast: 'date',
    nullable: true,
    usesCatalog: false,
    defaultDirection: 'desc',
    keyShape: z.iso.date(),
  },
  price: {
    value: Prisma.sql`um.purchase_price`,
    key: Prisma.sql`um.purchase_price::text`,
    cast: 'numeric',
    nullable: true,
    usesCatalog: false,
    defaultDirection: 'asc',
    keyShape: z.string().regex(/^\d{1,8}\.\d{2}$/),
  },
  points: {
    value: Prisma.sql`coalesce(um.points_value, mc.points_value)`,
    key: Prisma.sql`coalesce(um.points_value, mc.points_value)::text`,
    cast: 'integer',
    nullable: true,
    usesCatalog: true,
    defaultDirection: 'asc',
    keyShape: z.string().regex(/^\d{1,9}$/),
  },
};

export function sortDirection(sort: CollectionSort): Direction {
  return sort.direction ?? SORTS[sort.by].defaultDirection;
}

const cursorShape = z.strictObject({
  by: z.enum(Object.keys(SORTS) as [SortField, ...SortField[]]),
  dir: z.enum(['asc', 'desc']),
  key: z.string().max(255).nullable(),
  id: z.uuid(),
});
export type ListCursor = z.infer<typeof cursorShape>;

export function encodeListCursor(by: SortField, dir: Direction, key: string | null, id: string): string {
  return encodeCursor({ by, dir, key, id } satisfies ListCursor);
}

/** A cursor only continues the order it was made for, and its value must fit that order's column. */
export function decodeListCursor(raw: string, by: SortField, dir: Direction): ListCursor {
  const cursor = decodeCursor(raw, cursorShape);
  if (cursor.by !== by || cursor.dir !== dir) {
    throw badInput(
      'That page cursor belongs to another sort order; start again from the first page',
      'cursor',
    );
  }
  if (cursor.key === null ? !SORTS[by].nullable : !SORTS[by].keyShape.safeParse(cursor.key).success) {
    throw badInput('That page cursor is not valid; start again from the first page', 'cursor');
  }
  return cursor;
}

/** LIKE pattern for a substring, with the user's % and _ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function checkFieldFilter(filter: CustomFieldFilter, field: FieldDefinition | undefined): FieldDefinition {
  if (!field)
    throw badInput('A custom-field filter names a field that does not exist', 'filters.customFields');
  const fits: Record<CustomFieldFilter['op'], FieldDefinition['fieldType'][]> = {
    equals: ['text', 'number', 'date', 'boolean', 'dropdown'],
    contains: ['text'],
    range: ['number', 'date'],
    anyOf: ['dropdown', 'multiselect'],
    allOf: ['multiselect'],
    isSet: ['text', 'number', 'date', 'boolean', 'dropdown', 'multiselect'],
    isEmpty: ['text', 'number', 'date', 'boolean', 'dropdown', 'multiselect'],
  };
  if (!fits[filter.op].includes(field.fieldType)) {
    throw badInput(
      `"${field.name}" (${field.fieldType}) cannot be filtered with "${filter.op}"`,
      'filters.customFields',
    );
  }
  return field;
}

/** The condition on one item's stored value `v.value` (JSONB); comparisons that can never raise. */
function fieldValueCondition(filter: CustomFieldFilter, field: FieldDefinition): Prisma.Sql {
  const wrongValue = () =>
    badInput(`That filter value does not fit "${field.name}" (${field.fieldType})`, 'filters.customFields');
  const text = Prisma.sql`(v.value #>> '{}')`;
  switch (filter.op) {
    case 'equals': {
      const { value } = filter;
      if (field.fieldType === 'number') {
        if (typeof value !== 'number') throw wrongValue();
        return Prisma.sql`jsonb_typeof(v.value) = 'number' AND v.value = to_jsonb(${value}::numeric)`;
      }
      if (field.fieldType === 'boolean') {
        if (typeof value !== 'boolean') throw wrongValue();
        return Prisma.sql`v.value = to_jsonb(${value}::boolean)`;
      }
      if (typeof value !== 'string') throw wrongValue();
      if (field.fieldType === 'text') return Prisma.sql`lower(${text}) = lower(${value})`;
      if (field.fieldType === 'date' && !z.iso.date().safeParse(value).success) throw wrongValue();
      return Prisma.sql`jsonb_typeof(v.value) = 'string' AND ${text} = ${value}`;
    }
    case 'contains':
      return Prisma.sql`${text} ILIKE ${containsPattern(filter.value)}`;
    case 'range': {
      const bounds: Prisma.Sql[] = [];
      if (field.fieldType === 'number') {
        for (const bound of [filter.min, filter.max])
          if (bound !== undefined && typeof bound !== 'number') throw wrongValue();
        bounds.push(Prisma.sql`jsonb_typeof(v.value) = 'number'`);
        if (filter.min !== undefined) bounds.push(Prisma.sql`v.value >= to_jsonb(${filter.min}::numeric)`);
        if (filter.max !== undefined) bounds.push(Prisma.sql`v.value <= to_jsonb(${filter.max}::numeric)`);
      } else {
        for (const bound of [filter.min, filter.max])
          if (bound !== undefined && typeof bound !== 'string') throw wrongValue();
        // ISO dates order as text; COLLATE "C" compares them byte by byte.
        bounds.push(Prisma.sql`jsonb_typeof(v.value) = 'string'`);
        if (filter.min !== undefined) bounds.push(Prisma.sql`${text} COLLATE "C" >= ${filter.min}`);
        if (filter.max !== undefined) bounds.push(Prisma.sql`${text} COLLATE "C" <= ${filter.max}`);
      }
      return Prisma.join(bounds, ' AND ');
    }
    case 'anyOf':
      return field.fieldType === 'dropdown'
        ? Prisma.sql`jsonb_typeof(v.value) = 'string' AND ${text} = ANY(${filter.values}::text[])`
        : Prisma.sql`jsonb_typeof(v.value) = 'array' AND jsonb_exists_any(v.value, ${filter.values}::text[])`;
    case 'allOf':
      return Prisma.sql`jsonb_typeof(v.value) = 'array' AND jsonb_exists_all(v.value, ${filter.values}::text[])`;
    case 'isSet':
    case 'isEmpty':
      return Prisma.sql`TRUE`;
  }
}

/**
 * WHERE conditions for a collection scope and its filters. `fields` are the owner's custom-field
 * definitions; custom-field filters are refused for anyone but the owner (the values are private).
 */
export function whereConditions(
  scope: CollectionScope,
  filters: CollectionFilters,
  fields: Map<string, FieldDefinition>,
): Prisma.Sql[] {
  const where: Prisma.Sql[] = [
    Prisma.sql`um.user_id = ${scope.ownerId}::uuid`,
    Prisma.sql`NOT um.is_wishlist`,
  ];
  if (!scope.isOwner) where.push(Prisma.sql`um.is_public`);

  // An item's faction / game system is its own, else its catalogue entry's. Written so that both
  // halves can use an index on (user_id, faction_id) / (user_id, model_id).
  if (filters.factionIds) {
    where.push(Prisma.sql`(um.faction_id = ANY(${filters.factionIds}::uuid[]) OR (um.faction_id IS NULL AND
      um.model_id = ANY(ARRAY(SELECT id FROM models_catalog WHERE faction_id = ANY(${filters.factionIds}::uuid[])))))`);
  }
  if (filters.gameSystemIds) {
    where.push(Prisma.sql`(um.game_system_id = ANY(${filters.gameSystemIds}::uuid[]) OR (um.game_system_id IS NULL AND
      um.model_id = ANY(ARRAY(SELECT id FROM models_catalog WHERE game_system_id = ANY(${filters.gameSystemIds}::uuid[])))))`);
  }
  // One value is written as `=`, which a btree can read in order (`= ANY` it cannot, before PostgreSQL 17).
  if (filters.stages) {
    where.push(
      filters.stages.length === 1
        ? Prisma.sql`um.painting_status = ${filters.stages[0]}::painting_status`
        : Prisma.sql`um.painting_status = ANY(${filters.stages}::painting_status[])`,
    );
  }
  if (filters.conditions) {
    where.push(
      filters.conditions.length === 1
        ? Prisma.sql`um.condition = ${filters.conditions[0]}::condition_enum`
        : Prisma.sql`um.condition = ANY(${filters.conditions}::condition_enum[])`,
    );
  }
  if (filters.tags) where.push(Prisma.sql`um.tags @> ${filters.tags}::text[]`);
  if (filters.showcase !== undefined) where.push(Prisma.sql`um.is_showcase = ${filters.showcase}`);
  if (filters.search) {
    // The catalogue side is found through its trigram index, not by joining every item to it.
    const pattern = containsPattern(filters.search);
    where.push(Prisma.sql`(um.name ILIKE ${pattern} OR (um.name IS NULL AND
      um.model_id = ANY(ARRAY(SELECT id FROM models_catalog WHERE name ILIKE ${pattern}))))`);
  }
  if (filters.customFields) {
    if (!scope.isOwner) throw badInput("Other collectors' custom fields are private", 'filters.customFields');
    for (const filter of filters.customFields) {
      const field = checkFieldFilter(filter, fields.get(filter.fieldId.toLowerCase()));
      const stored = Prisma.sql`SELECT 1 FROM model_custom_fields v
        WHERE v.user_model_id = um.id AND v.custom_field_id = ${field.id}::uuid`;
      where.push(
        filter.op === 'isEmpty'
          ? Prisma.sql`NOT EXISTS (${stored})`
          : Prisma.sql`EXISTS (${stored} AND ${fieldValueCondition(filter, field)})`,
      );
    }
  }
  return where;
}

/**
 * Keyset condition for ORDER BY value <dir> [NULLS LAST], id <dir>: rows further along by value,
 * rows tied on value with a further id, and (empty values coming last) every empty value.
 */
function afterCursor(by: SortField, dir: Direction, cursor: ListCursor): Prisma.Sql {
  const { value: column, cast, nullable } = SORTS[by];
  const beyond = Prisma.raw(dir === 'asc' ? '>' : '<');
  const id = Prisma.sql`${cursor.id}::uuid`;
  if (cursor.key === null) return Prisma.sql`(${column} IS NULL AND um.id ${beyond} ${id})`;
  const value = Prisma.sql`CAST(${cursor.key} AS ${Prisma.raw(cast)})`;
  // A row comparison, which an index on (…, value, id) can serve directly.
  if (!nullable) return Prisma.sql`(${column}, um.id) ${beyond} (${value}, ${id})`;
  return Prisma.sql`((${column}, um.id) ${beyond} (${value}, ${id}) OR ${column} IS NULL)`;
}

export interface PageRow {
  sort_key: string | null;
  id: string;
  user_id: string;
  model_id: string | null;
  name: string | null;
  catalog_name: string | null;
  faction_id: string | null;
  faction_name: string | null;
  game_system_id: string | null;
  game_system_name: string | null;
  points_value: number | null;
  quantity: number;
  purchase_price: string | null;
  currency: string;
  purchase_date: string | null;
  purchase_location: string | null;
  painting_status: string;
  painting_start_date: string | null;
  painting_completion_date: string | null;
  painting_time_minutes: number;
  condition: string;
  location: string | null;
  tags: string[];
  is_showcase: boolean;
  is_public: boolean;
  like_count: number;
  comment_count: number;
  created_at: Date;
  updated_at: Date;
  thumbnail_url: string | null;
  photo_count: number;
}

/**
 * One page in one query: the inner query picks the page's ids in order (the only part that touches
 * many rows), the outer one adds names, the first photo's thumbnail and the photo count for those ids.
 */
export function pageQuery(
  where: Prisma.Sql[],
  by: SortField,
  dir: Direction,
  cursor: ListCursor | null,
  take: number,
): Prisma.Sql {
  const conditions = cursor ? [...where, afterCursor(by, dir, cursor)] : where;
  const { value, key, nullable, usesCatalog } = SORTS[by];
  const order = Prisma.raw(dir === 'asc' ? 'ASC' : 'DESC');
  const nulls = nullable ? Prisma.raw(' NULLS LAST') : Prisma.empty;
  return Prisma.sql`
    SELECT p.sort_key, um.id::text, um.user_id::text, um.model_id::text, um.name, mc.name AS catalog_name,
      f.id::text AS faction_id, f.name AS faction_name, gs.id::text AS game_system_id, gs.name AS game_system_name,
      coalesce(um.points_value, mc.points_value) AS points_value, um.quantity,
      um.purchase_price::text AS purchase_price, um.currency, to_char(um.purchase_date, 'YYYY-MM-DD') AS purchase_date,
      um.purchase_location, um.painting_status::text AS painting_status,
      to_char(um.painting_start_date, 'YYYY-MM-DD') AS painting_start_date,
      to_char(um.painting_completion_date, 'YYYY-MM-DD') AS painting_completion_date,
      um.painting_time_minutes, um.condition::text AS condition, um.location, um.tags, um.is_showcase, um.is_public,
      um.like_count, um.comment_count, um.created_at, um.updated_at,
      photo.thumbnail_url, (SELECT count(*)::int FROM model_photos ph WHERE ph.user_model_id = um.id) AS photo_count
    FROM (
      SELECT um.id, ${value} AS sort_value, ${key} AS sort_key
      FROM user_models um
      ${usesCatalog ? Prisma.sql`LEFT JOIN models_catalog mc ON mc.id = um.model_id` : Prisma.empty}
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${value} ${order}${nulls}, um.id ${order}
      LIMIT ${take}
    ) p
    JOIN user_models um ON um.id = p.id
    LEFT JOIN models_catalog mc ON mc.id = um.model_id
    LEFT JOIN factions f ON f.id = coalesce(um.faction_id, mc.faction_id)
    LEFT JOIN game_systems gs ON gs.id = coalesce(um.game_system_id, mc.game_system_id)
    LEFT JOIN LATERAL (
      SELECT coalesce(ph.thumbnail_url, ph.url) AS thumbnail_url FROM model_photos ph
      WHERE ph.user_model_id = um.id ORDER BY ph.sort_order, ph.uploaded_at, ph.id LIMIT 1
    ) photo ON TRUE
    ORDER BY p.sort_value ${order}${nulls}, p.id ${order}`;
}

export type Grouping = 'faction' | 'gameSystem' | 'stage' | 'condition';

export interface GroupRow {
  key: string | null;
  label: string | null;
  items: number;
  quantity: number;
}

/** Item and model counts per group over the same scope and filters as the list. */
export function groupsQuery(where: Prisma.Sql[], by: Grouping): Prisma.Sql {
  const counted = (key: Prisma.Sql, usesCatalog = false) => Prisma.sql`
    SELECT ${key} AS key, count(*)::int AS items, coalesce(sum(um.quantity), 0)::int AS quantity
    FROM user_models um
    ${usesCatalog ? Prisma.sql`LEFT JOIN models_catalog mc ON mc.id = um.model_id` : Prisma.empty}
    WHERE ${Prisma.join(where, ' AND ')}
    GROUP BY 1`;
  switch (by) {
    case 'faction':
      return Prisma.sql`
        SELECT g.key::text AS key, f.name AS label, g.items, g.quantity
        FROM (${counted(Prisma.sql`coalesce(um.faction_id, mc.faction_id)`, true)}) g
        LEFT JOIN factions f ON f.id = g.key`;
    case 'gameSystem':
      return Prisma.sql`
        SELECT g.key::text AS key, s.name AS label, g.items, g.quantity
        FROM (${counted(Prisma.sql`coalesce(um.game_system_id, mc.game_system_id)`, true)}) g
        LEFT JOIN game_systems s ON s.id = g.key`;
    case 'stage':
      return Prisma.sql`SELECT g.key::text AS key, NULL::text AS label, g.items, g.quantity
        FROM (${counted(Prisma.sql`um.painting_status`)}) g`;
    case 'condition':
      return Prisma.sql`SELECT g.key::text AS key, NULL::text AS label, g.items, g.quantity
        FROM (${counted(Prisma.sql`um.condition`)}) g`;
  }
}

/** Workflow order for stages and conditions; by name for factions and game systems; "none" last. */
export function sortGroups(by: Grouping, rows: GroupRow[]): GroupRow[] {
  const rank = (row: GroupRow): number | string => {
    if (by === 'stage') return PAINTING_STAGES.indexOf(row.key as (typeof PAINTING_STAGES)[number]);
    if (by === 'condition') return CONDITIONS.indexOf(row.key as (typeof CONDITIONS)[number]);
    return (row.label ?? '').toLowerCase();
  };
  return [...rows].sort((a, b) => {
    if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
    const ra = rank(a);
    const rb = rank(b);
    if (ra < rb) return -1;
    if (ra > rb) return 1;
    return (a.key ?? '').localeCompare(b.key ?? '');
  });
}

import type { CatalogFilters, CatalogSort } from '@plastic-crack/api-contract';
import { Prisma } from '@plastic-crack/db';
import { z } from 'zod';
import { badInput } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../search/cursor.ts';

type SortField = CatalogSort['by'];
type Direction = 'asc' | 'desc';

/**
 * Each sort: its column, how its value is written into a cursor (as text, so a timestamp keeps its
 * microseconds and money its exact cents), how that text is read back, and what a valid one looks like.
 */
const SORTS: Record<
  SortField,
  { column: Prisma.Sql; key: Prisma.Sql; cast: string; value: z.ZodType<string> }
> = {
  name: {
    column: Prisma.sql`m.name`,
    key: Prisma.sql`m.name`,
    cast: 'text',
    value: z.string().max(255),
  },
  points: {
    column: Prisma.sql`m.points_value`,
    key: Prisma.sql`m.points_value::text`,
    cast: 'integer',
    value: z.string().regex(/^\d{1,9}$/),
  },
  msrp: {
    column: Prisma.sql`m.msrp`,
    key: Prisma.sql`m.msrp::text`,
    cast: 'numeric',
    value: z.string().regex(/^\d{1,8}(\.\d{1,2})?$/),
  },
  releaseDate: {
    column: Prisma.sql`m.release_date`,
    key: Prisma.sql`to_char(m.release_date, 'YYYY-MM-DD')`,
    cast: 'date',
    value: z.iso.date(),
  },
  newest: {
    column: Prisma.sql`m.created_at`,
    key: Prisma.sql`to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    cast: 'timestamptz',
    value: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
      // A calendar-valid instant only: PostgreSQL would reject 2024-02-30 with an error.
      .refine((value) => {
        const parsed = new Date(value.slice(0, 23) + 'Z');
        return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === value.slice(0, 19);
      }),
  },
};

export function sortDirection(sort: CatalogSort): Direction {
  return sort.direction ?? (sort.by === 'newest' ? 'desc' : 'asc');
}

const cursorShape = z.strictObject({
  by: z.enum(Object.keys(SORTS) as [SortField, ...SortField[]]),
  dir: z.enum(['asc', 'desc']),
  key: z.string().max(255).nullable(),
  id: z.guid(),
});
type ListCursor = z.infer<typeof cursorShape>;

export function encodeListCursor(by: SortField, dir: Direction, key: string | null, id: string): string {
  return encodeCursor({ by, dir, key, id } satisfies ListCursor);
}

/** A cursor is only valid for the sort it was made for, and its value must fit that sort's column. */
export function decodeListCursor(raw: string, by: SortField, dir: Direction): ListCursor {
  const cursor = decodeCursor(raw, cursorShape);
  if (cursor.by !== by || cursor.dir !== dir) {
    throw badInput(
      'That page cursor belongs to another sort order; start again from the first page',
      'cursor',
    );
  }
  if (cursor.key !== null && !SORTS[by].value.safeParse(cursor.key).success) {
    throw badInput('That page cursor is not valid', 'cursor');
  }
  return cursor;
}

function filterConditions(filters: CatalogFilters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filters.gameSystemId) where.push(Prisma.sql`m.game_system_id = ${filters.gameSystemId}::uuid`);
  if (filters.factionId) where.push(Prisma.sql`m.faction_id = ${filters.factionId}::uuid`);
  if (filters.modelTypes)
    where.push(Prisma.sql`m.model_type = ANY(${filters.modelTypes}::model_type_enum[])`);
  // Money goes in as exact decimal text, not as a float.
  if (filters.msrpMin !== undefined) where.push(Prisma.sql`m.msrp >= ${filters.msrpMin.toFixed(2)}::numeric`);
  if (filters.msrpMax !== undefined) where.push(Prisma.sql`m.msrp <= ${filters.msrpMax.toFixed(2)}::numeric`);
  if (filters.currency) where.push(Prisma.sql`m.currency = ${filters.currency}`);
  if (filters.discontinued !== undefined) where.push(Prisma.sql`m.discontinued = ${filters.discontinued}`);
  if (filters.tags) where.push(Prisma.sql`m.tags @> ${filters.tags}::text[]`);
  return where;
}

/**
 * Keyset condition for ORDER BY value <dir> NULLS LAST, id <dir>: rows after the cursor are those
 * further along by value, those tied on value with a later id, and (nulls coming last) every null.
 */
function afterCursor(by: SortField, dir: Direction, cursor: ListCursor): Prisma.Sql {
  const { column, cast } = SORTS[by];
  const beyond = dir === 'asc' ? Prisma.raw('>') : Prisma.raw('<');
  const id = Prisma.sql`${cursor.id}::uuid`;
  if (cursor.key === null) return Prisma.sql`(${column} IS NULL AND m.id ${beyond} ${id})`;
  const value = Prisma.sql`CAST(${cursor.key} AS ${Prisma.raw(cast)})`;
  return Prisma.sql`(${column} ${beyond} ${value} OR (${column} = ${value} AND m.id ${beyond} ${id}) OR ${column} IS NULL)`;
}

export function listQuery(
  filters: CatalogFilters,
  by: SortField,
  dir: Direction,
  cursor: ListCursor | null,
  take: number,
): Prisma.Sql {
  const where = filterConditions(filters);
  if (cursor) where.push(afterCursor(by, dir, cursor));
  const { column, key } = SORTS[by];
  const order = Prisma.raw(dir === 'asc' ? 'ASC' : 'DESC');
  return Prisma.sql`
    SELECT m.id::text AS entry_id, ${key} AS sort_key
    FROM models_catalog m
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    ORDER BY ${column} ${order} NULLS LAST, m.id ${order}
    LIMIT ${take}`;
}

import { Prisma, type Db } from '@plastic-crack/db';
import { z } from 'zod';
import { accessToOwner, type Access } from '../access/visibility.ts';
import { decodeCursor, encodeCursor } from '../collection/cursor.ts';

/**
 * Who may appear to a viewer in the social lists (followers, following, likers, comment authors):
 * every person the visibility rule does not hide from them — `full` or `card` in
 * access/visibility.ts. So a block in either direction, a deactivated or pending-deletion account,
 * and a private profile (hidden from everyone but its owner) never appear; a friends-only profile
 * appears as its card (username and avatar), as it does on its profile page.
 *
 * `listedPersonSql` is the rule's `≠ hidden` as SQL for list queries; people.test.ts checks it
 * against `accessToOwner` on every case of the visibility matrix.
 */
export const isListed = (access: Access) => access !== 'hidden';

export async function personListedTo(db: Db, viewerId: string | null, personId: string): Promise<boolean> {
  return isListed(await accessToOwner(db, viewerId, personId));
}

/** SQL condition on the users row aliased `alias`: that person is not hidden from the viewer. */
export function listedPersonSql(alias: string, viewerId: string | null): Prisma.Sql {
  const user = Prisma.raw(alias);
  const present = Prisma.sql`(${user}.is_active AND ${user}.deletion_scheduled_at IS NULL
    AND ${user}.privacy_setting <> 'private')`;
  if (!viewerId) return present;
  return Prisma.sql`(${user}.id = ${viewerId}::uuid OR (${present} AND NOT EXISTS (
    SELECT 1 FROM user_relationships blocks
    WHERE blocks.relationship_type = 'blocked'
      AND ((blocks.follower_id = ${user}.id AND blocks.following_id = ${viewerId}::uuid)
        OR (blocks.follower_id = ${viewerId}::uuid AND blocks.following_id = ${user}.id)))))`;
}

/** A person as lists show them. */
export interface PersonCard {
  id: string;
  username: string;
  avatarUrl: string | null;
}

export const personCardSelect = { id: true, username: true, avatarUrl: true } satisfies Prisma.UserSelect;

// ---------------------------------------------------------------------------------------------
// Keyset pages over (created_at, id) at full precision
// ---------------------------------------------------------------------------------------------

/** SQL that renders a timestamptz with its microseconds, for a cursor that loses nothing. */
export const timestampKeySql = (column: string) =>
  Prisma.sql`to_char(${Prisma.raw(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const keysetShape = z.strictObject({
  t: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
});
export type Keyset = z.infer<typeof keysetShape>;

export const decodeKeyset = (raw: string | undefined): Keyset | null =>
  raw ? decodeCursor(raw, keysetShape) : null;

/**
 * `(time, id)` strictly after the cursor in the list's direction, or no condition on the first page.
 * Columns are trusted identifiers from the caller, never input.
 */
export function afterKeyset(
  cursor: Keyset | null,
  columns: { time: string; id: string },
  direction: 'asc' | 'desc',
): Prisma.Sql {
  if (!cursor) return Prisma.empty;
  const op = Prisma.raw(direction === 'desc' ? '<' : '>');
  return Prisma.sql`AND (${Prisma.raw(columns.time)}, ${Prisma.raw(columns.id)}) ${op} (${cursor.t}::timestamptz, ${cursor.id}::uuid)`;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** How many entries the whole list has, as this viewer sees it. */
  total: number;
}

/** Cuts the `limit + 1` rows a page query fetched into the page and its next cursor. */
export function pageOf<Row extends { key: string }, T>(
  rows: Row[],
  limit: number,
  idOf: (row: Row) => string,
  shape: (row: Row) => T,
  total: number,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(shape),
    nextCursor: rows.length > limit && last ? encodeCursor({ t: last.key, id: idOf(last) }) : null,
    total,
  };
}

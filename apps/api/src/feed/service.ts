import {
  FEED_LIMITS,
  type ActivityType,
  type FeedEntry,
  type FeedHomeInput,
  type FeedNewEvent,
  type FeedOnNewInput,
  type FeedPage,
  type FeedUserInput,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { z } from 'zod';
import { accessToOwner, visibleOwnersWhere } from '../access/visibility.ts';
import { decodeCursor, encodeCursor } from '../collection/cursor.ts';
import type { Services } from '../context.ts';
import { notFound } from '../errors.ts';
import type { Bus } from '../infra/bus.ts';
import type { Tx } from '../realtime/streams.ts';

// Fan-out on READ (docs/FEED.md): an activity is one row in the author's partition of `activities`;
// the home feed merges the viewer's followees' rows at read time, newest first, through
// idx_activities_user_id (user_id, created_at DESC) — one short index range per followee.

// ---------------------------------------------------------------------------------------------
// Writing: recordActivity(tx, …), called inside the caller's own transaction
// ---------------------------------------------------------------------------------------------

export interface RecordActivityInput {
  userId: string;
  type: ActivityType;
  /** What the activity is about, e.g. 'user_model', 'army', 'comment', 'user', 'achievement'. */
  entityType?: string | null;
  entityId?: string | null;
  /** Small display data (names, stage…); never anything the visibility rule must hide. */
  data?: Prisma.InputJsonObject;
}

/**
 * Records one activity in the caller's transaction (it commits or rolls back with the change it
 * describes). Exported for every domain that produces feed items — armies: call
 * `recordActivity(tx, { userId, type: 'army_created', entityType: 'army', entityId: army.id,
 * data: { name } })` inside the transaction that creates the army. Live viewers learn of it through
 * feed.onNew (its periodic recount, or sooner when the caller calls `announceActivity` after commit).
 */
export async function recordActivity(tx: Tx, input: RecordActivityInput): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO activities (user_id, activity_type, entity_type, entity_id, data)
    VALUES (${input.userId}::uuid, ${input.type}::activity_type, ${input.entityType ?? null},
            ${input.entityId ?? null}::uuid, ${JSON.stringify(input.data ?? {})}::jsonb)`;
}

export const FEED_ACTIVITY_CHANNEL = 'feed:activity';

/** Optional, after commit: wakes feed.onNew subscribers so they recount now instead of at their next poll. */
export async function announceActivity(bus: Bus, userId: string): Promise<void> {
  await bus.publish(FEED_ACTIVITY_CHANNEL, { userId }).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** created_at travels as PostgreSQL's own text (microseconds), never through a JS Date (milliseconds). */
const cursorShape = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), z.uuid()]);
type Position = z.infer<typeof cursorShape>;

const toCursor = (row: { created_at_text: string; id: string }) =>
  encodeCursor([row.created_at_text, row.id] satisfies Position);
const fromCursor = (raw: string | undefined): Position | null => {
  if (raw === undefined) return null;
  return decodeCursor(raw, cursorShape);
};

interface ActivityRow {
  id: string;
  user_id: string;
  activity_type: ActivityType;
  entity_type: string | null;
  entity_id: string | null;
  data: unknown;
  created_at: Date;
  created_at_text: string;
}

/**
 * The feed's item-level privacy rule, on top of the owner-level visibility rule: an activity about a
 * collection item (or a comment on one) shows only while that item exists and is public (its owner
 * always sees their own). Activities about another user (a follow, a comment on their item) are
 * further checked against that user's visibility in `toPage`.
 */
// A scalar subquery (one primary-key probe per candidate row), not EXISTS: PostgreSQL turns an
// uncorrelatable EXISTS into a hashed subplan that reads all of user_models (measured: seconds).
const itemVisibleSql = (viewerId: string | null) => Prisma.sql`(
  a.user_id = ${viewerId}::uuid
  OR (a.entity_type IS DISTINCT FROM 'user_model' AND NOT (a.data ? 'userModelId'))
  OR coalesce((SELECT m.is_public FROM user_models m
               WHERE m.id = CASE WHEN a.entity_type = 'user_model' THEN a.entity_id
                                 ELSE (a.data->>'userModelId')::uuid END), false))`;

const beforeSql = (position: Position | null) =>
  position
    ? Prisma.sql`AND (a.created_at, a.id) < (${position[0]}::timestamptz, ${position[1]}::uuid)`
    : Prisma.empty;

/** UTC with microseconds: the exact key, round-tripped through the cursor. */
const createdAtText = Prisma.sql`to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const rowColumns = Prisma.sql`a.id, a.user_id, a.activity_type, a.entity_type, a.entity_id, a.data,
  a.created_at, ${createdAtText} AS created_at_text`;

/**
 * The owners whose activities make up the viewer's home feed: the viewer and the people they follow
 * (follow or friend rows), kept only when THE visibility rule lets the viewer see them.
 */
export async function homeAuthorIds(db: Db, viewerId: string): Promise<string[]> {
  const rows = await db.user.findMany({
    where: {
      AND: [
        visibleOwnersWhere(viewerId),
        {
          OR: [
            { id: viewerId },
            { followers: { some: { followerId: viewerId, relationshipType: { in: ['follow', 'friend'] } } } },
          ],
        },
      ],
    },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/**
 * Newest-first rows of these authors after `position`, one query: with many authors PostgreSQL
 * walks the partitions' created_at indexes backwards (Merge Append) keeping rows whose user_id is
 * in the set; with few it probes idx_activities_user_id per author. Measured in docs/FEED.md.
 */
async function readAuthors(
  db: Db,
  viewerId: string | null,
  authorIds: string[],
  position: Position | null,
  take: number,
): Promise<ActivityRow[]> {
  if (authorIds.length === 0) return [];
  return db.$queryRaw<ActivityRow[]>`
    SELECT ${rowColumns}
    FROM activities a
    WHERE a.user_id = ANY(${authorIds}::uuid[]) ${beforeSql(position)} AND ${itemVisibleSql(viewerId)}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${take}`;
}

/** The other user an activity is about (whom the viewer must also be allowed to see), if any. */
function targetOwnerOf(row: ActivityRow): string | null {
  if (row.activity_type === 'user_followed') return row.entity_id;
  const ownerId = (row.data as { ownerId?: unknown } | null)?.ownerId;
  return typeof ownerId === 'string' ? ownerId : null;
}

async function toPage(
  db: Db,
  viewerId: string | null,
  rows: ActivityRow[],
  limit: number,
): Promise<FeedPage> {
  // One extra row says whether there is a next page; grouping never spans past `limit` rows.
  const hasMore = rows.length > limit;
  const last = rows.slice(0, limit).at(-1);
  // "A followed B" / "A commented on B's model" only when THE rule lets the viewer see B as well.
  const targets = [
    ...new Set(
      rows
        .slice(0, limit)
        .map(targetOwnerOf)
        .filter((id): id is string => id !== null && id !== viewerId),
    ),
  ];
  const visibleTargets = new Set(
    targets.length === 0
      ? []
      : (
          await db.user.findMany({
            where: { AND: [{ id: { in: targets } }, visibleOwnersWhere(viewerId)] },
            select: { id: true },
          })
        ).map((user) => user.id),
  );
  const pageRows = rows.slice(0, limit).filter((row) => {
    const target = targetOwnerOf(row);
    return target === null || target === viewerId || visibleTargets.has(target);
  });
  const actorIds = [...new Set(pageRows.map((row) => row.user_id))];
  const actors = await db.user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, username: true, avatarUrl: true },
  });
  const actorById = new Map(actors.map((actor) => [actor.id, actor]));

  const entries: FeedEntry[] = [];
  let group: { entry: FeedEntry; first: ActivityRow } | null = null;
  for (const row of pageRows) {
    if (
      group &&
      row.activity_type === 'model_added' &&
      group.first.activity_type === 'model_added' &&
      row.user_id === group.first.user_id &&
      group.first.created_at.getTime() - row.created_at.getTime() <= FEED_LIMITS.groupWindowMs &&
      group.entry.count < FEED_LIMITS.maxGroupSize
    ) {
      group.entry.count += 1;
      if (row.entity_id) group.entry.entityIds.push(row.entity_id);
      group.entry.cursor = toCursor(row);
      continue;
    }
    const actor = actorById.get(row.user_id);
    if (!actor) continue; // deleted between the two reads
    const entry: FeedEntry = {
      id: row.id,
      type: row.activity_type,
      actor: {
        id: actor.id,
        username: actor.username,
        avatarUrl: actor.avatarUrl,
      },
      entityType: row.entity_type,
      entityId: row.entity_id,
      data: row.data,
      createdAt: row.created_at.toISOString(),
      count: 1,
      entityIds: row.entity_id ? [row.entity_id] : [],
      cursor: toCursor(row),
    };
    entries.push(entry);
    group = { entry, first: row };
  }
  return { entries, nextCursor: hasMore && last ? toCursor(last) : null };
}

/** feed.home: my own activities and those of the people I follow whom the rule lets me see. */
export async function homeFeed(db: Db, viewerId: string, input: FeedHomeInput): Promise<FeedPage> {
  const limit = input.limit ?? FEED_LIMITS.defaultPageSize;
  const position = fromCursor(input.cursor);
  const authors = await homeAuthorIds(db, viewerId);
  return toPage(db, viewerId, await readAuthors(db, viewerId, authors, position, limit + 1), limit);
}

/** feed.user: one profile's activities, if the rule lets the viewer see that owner (else NOT_FOUND). */
export async function userFeed(db: Db, viewerId: string | null, input: FeedUserInput): Promise<FeedPage> {
  const limit = input.limit ?? FEED_LIMITS.defaultPageSize;
  const position = fromCursor(input.cursor);
  const owner = await db.user.findUnique({ where: { username: input.username }, select: { id: true } });
  if (!owner || (await accessToOwner(db, viewerId, owner.id)) !== 'full') throw notFound('User');
  return toPage(db, viewerId, await readAuthors(db, viewerId, [owner.id], position, limit + 1), limit);
}

// ---------------------------------------------------------------------------------------------
// Live: feed.onNew — "N new posts"
// ---------------------------------------------------------------------------------------------

export const NEW_COUNT_CAP = 100;

/** How many home-feed activities are newer than `position` (capped: the client shows "99+"). */
export async function countNewer(
  db: Db,
  viewerId: string,
  authorIds: string[],
  position: Position,
): Promise<number> {
  if (authorIds.length === 0) return 0;
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM activities a
      WHERE a.user_id = ANY(${authorIds}::uuid[])
        AND (a.created_at, a.id) > (${position[0]}::timestamptz, ${position[1]}::uuid)
        AND ${itemVisibleSql(viewerId)}
      LIMIT ${NEW_COUNT_CAP}
    ) a`;
  return Math.min(rows[0]?.n ?? 0, NEW_COUNT_CAP);
}

async function headPosition(db: Db, authorIds: string[]): Promise<Position> {
  const rows =
    authorIds.length === 0
      ? []
      : await db.$queryRaw<{ created_at_text: string; id: string }[]>`
          SELECT ${createdAtText} AS created_at_text, a.id FROM unnest(${authorIds}::uuid[]) AS author(id)
          CROSS JOIN LATERAL (
            SELECT created_at, id FROM activities a WHERE a.user_id = author.id
            ORDER BY a.created_at DESC, a.id DESC LIMIT 1) a
          ORDER BY a.created_at DESC, a.id DESC LIMIT 1`;
  const row = rows[0];
  // Nothing yet: everything after "now" is new.
  if (!row) {
    const [now] = await db.$queryRaw<{ t: string }[]>`
      SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`;
    return [now!.t, '00000000-0000-0000-0000-000000000000'];
  }
  return [row.created_at_text, row.id];
}

export interface FeedLiveOptions {
  /** Backstop recount interval (the bus hint makes most counts prompt). */
  pollMs?: number;
  /** Recounts after a hint, covering a hint published just before its transaction committed. */
  hintDelaysMs?: number[];
}

export const DEFAULT_FEED_POLL_MS = 15_000;

/**
 * Yields `{ type: 'feed.new', count }` whenever the number of home-feed activities newer than the
 * client's position changes (first once at start when it is not 0). The start position and the bus
 * subscription are settled before this resolves, so nothing committed after it is missed. The count is always recomputed
 * from PostgreSQL through the same rule as feed.home, so a hint never leaks what the viewer may not see.
 */
export async function newFeedItems(
  services: Pick<Services, 'db' | 'bus'>,
  viewerId: string,
  input: FeedOnNewInput,
  signal: AbortSignal | undefined,
  options: FeedLiveOptions = {},
): Promise<AsyncGenerator<FeedNewEvent, void, unknown>> {
  const { db, bus } = services;
  const pollMs = options.pollMs ?? DEFAULT_FEED_POLL_MS;
  const hintDelays = options.hintDelaysMs ?? [150, 1_500];
  let authors = await homeAuthorIds(db, viewerId);
  let authorSet = new Set(authors);
  const position = fromCursor(input.lastEventId) ?? (await headPosition(db, authors));

  let due = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    due = true;
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      notify();
    }, ms);
    timers.add(timer);
  };
  signal?.addEventListener('abort', notify);
  const unsubscribe = await bus.subscribe(FEED_ACTIVITY_CHANNEL, (message) => {
    const userId = (message as { userId?: unknown } | null)?.userId;
    if (typeof userId === 'string' && authorSet.has(userId)) for (const ms of hintDelays) later(ms);
  });
  const poll = setInterval(notify, pollMs);
  return (async function* () {
    let lastCount = 0;
    try {
      due = true;
      while (!signal?.aborted) {
        if (!due) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        due = false;
        // Follows, blocks and privacy may have changed since the last count.
        authors = await homeAuthorIds(db, viewerId);
        authorSet = new Set(authors);
        const count = await countNewer(db, viewerId, authors, position);
        if (count !== lastCount) {
          lastCount = count;
          yield { type: 'feed.new', count };
        }
      }
    } finally {
      clearInterval(poll);
      for (const timer of timers) clearTimeout(timer);
      signal?.removeEventListener('abort', notify);
      await unsubscribe();
    }
  })();
}

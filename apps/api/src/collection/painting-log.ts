import type { PaintingStage } from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { z } from 'zod';
import { DomainError, notFound } from '../errors.ts';
import { requireOwnedModel, requireVisibleModel } from './access.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fromDateColumn, toDateColumn } from './dates.ts';
import { mapDateErrors } from './db-errors.ts';

/**
 * The painting log of an item: time spent (painting_sessions, with user_models.painting_time_minutes
 * kept equal to their sum in the same transaction, under the item's row lock) and the stage history
 * the database records. Readable by whoever may read the item; written by its owner only.
 */

export interface PaintingSessionView {
  id: string;
  userModelId: string;
  minutes: number;
  /** YYYY-MM-DD */
  paintedOn: string;
  notes: string | null;
  createdAt: string;
}

const sessionSelect = {
  id: true,
  userModelId: true,
  minutes: true,
  paintedOn: true,
  notes: true,
  createdAt: true,
} satisfies Prisma.PaintingSessionSelect;

function shapeSession(
  row: Prisma.PaintingSessionGetPayload<{ select: typeof sessionSelect }>,
): PaintingSessionView {
  return {
    ...row,
    paintedOn: fromDateColumn(row.paintedOn) ?? '',
    createdAt: row.createdAt.toISOString(),
  };
}

export interface SessionResult {
  session: PaintingSessionView;
  /** The item's new total. */
  paintingTimeMinutes: number;
}

async function adjustTotal(
  tx: Prisma.TransactionClient,
  userModelId: string,
  delta: number,
): Promise<number> {
  const item = await tx.userModel.update({
    where: { id: userModelId },
    data: { paintingTimeMinutes: { increment: delta } },
    select: { paintingTimeMinutes: true },
  });
  return item.paintingTimeMinutes;
}

export async function addSession(
  db: Db,
  viewerId: string,
  input: { userModelId: string; minutes: number; paintedOn?: string; notes?: string },
): Promise<SessionResult> {
  return mapDateErrors(() =>
    db.$transaction(async (tx) => {
      await requireOwnedModel(tx, viewerId, input.userModelId, { lock: true });
      const session = await tx.paintingSession.create({
        data: {
          userModelId: input.userModelId,
          minutes: input.minutes,
          ...(input.paintedOn && { paintedOn: toDateColumn(input.paintedOn) }),
          notes: input.notes ?? null,
        },
        select: sessionSelect,
      });
      return {
        session: shapeSession(session),
        paintingTimeMinutes: await adjustTotal(tx, input.userModelId, input.minutes),
      };
    }),
  );
}

/** The session's item, checked to be the viewer's and locked; NOT_FOUND for anyone else's session. */
async function ownedSession(tx: Prisma.TransactionClient, viewerId: string, id: string) {
  const session = await tx.paintingSession.findUnique({ where: { id }, select: sessionSelect });
  if (!session) throw notFound('Painting session');
  await requireOwnedModel(tx, viewerId, session.userModelId, { lock: true }).catch((error: unknown) => {
    throw error instanceof DomainError && error.code === 'NOT_FOUND' ? notFound('Painting session') : error;
  });
  return session;
}

export async function updateSession(
  db: Db,
  viewerId: string,
  input: { id: string; minutes?: number; paintedOn?: string; notes?: string | null },
): Promise<SessionResult> {
  return mapDateErrors(() =>
    db.$transaction(async (tx) => {
      const before = await ownedSession(tx, viewerId, input.id);
      const session = await tx.paintingSession.update({
        where: { id: input.id },
        data: {
          ...(input.minutes !== undefined && { minutes: input.minutes }),
          ...(input.paintedOn !== undefined && { paintedOn: toDateColumn(input.paintedOn) }),
          ...(input.notes !== undefined && { notes: input.notes }),
        },
        select: sessionSelect,
      });
      const total = await adjustTotal(tx, before.userModelId, session.minutes - before.minutes);
      return { session: shapeSession(session), paintingTimeMinutes: total };
    }),
  );
}

export async function deleteSession(
  db: Db,
  viewerId: string,
  id: string,
): Promise<{ id: string; paintingTimeMinutes: number }> {
  return db.$transaction(async (tx) => {
    const session = await ownedSession(tx, viewerId, id);
    await tx.paintingSession.delete({ where: { id } });
    return { id, paintingTimeMinutes: await adjustTotal(tx, session.userModelId, -session.minutes) };
  });
}

const sessionCursor = z.strictObject({ paintedOn: z.iso.date(), id: z.uuid() });

/** Newest first (by the day painted, then id). */
export async function listSessions(
  db: Db,
  viewerId: string | null,
  input: { userModelId: string; cursor?: string | null; limit: number },
): Promise<{ sessions: PaintingSessionView[]; nextCursor: string | null }> {
  await requireVisibleModel(db, viewerId, input.userModelId, { id: true });
  const after = input.cursor ? decodeCursor(input.cursor, sessionCursor) : null;
  const rows = await db.paintingSession.findMany({
    where: {
      userModelId: input.userModelId,
      ...(after && {
        OR: [
          { paintedOn: { lt: toDateColumn(after.paintedOn) } },
          { paintedOn: toDateColumn(after.paintedOn), id: { lt: after.id } },
        ],
      }),
    },
    select: sessionSelect,
    orderBy: [{ paintedOn: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
  });
  const sessions = rows.slice(0, input.limit).map(shapeSession);
  const last = sessions.at(-1);
  return {
    sessions,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ paintedOn: last.paintedOn, id: last.id }) : null,
  };
}

export interface StageChange {
  id: string;
  /** null: the stage the item was added with. */
  fromStatus: PaintingStage | null;
  toStatus: PaintingStage;
  changedAt: string;
}

const historyCursor = z.strictObject({
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
});

/** The stage changes the database recorded for an item, newest first. */
export async function listStageHistory(
  db: Db,
  viewerId: string | null,
  input: { userModelId: string; cursor?: string | null; limit: number },
): Promise<{ changes: StageChange[]; nextCursor: string | null }> {
  await requireVisibleModel(db, viewerId, input.userModelId, { id: true });
  const after = input.cursor ? decodeCursor(input.cursor, historyCursor) : null;
  // The cursor keeps changed_at to the microsecond (a JS Date would round it and skip or repeat rows).
  const rows = await db.$queryRaw<
    {
      id: string;
      from_status: PaintingStage | null;
      to_status: PaintingStage;
      changed_at: Date;
      at: string;
    }[]
  >`
    SELECT id::text, from_status::text AS from_status, to_status::text AS to_status, changed_at,
      to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
    FROM painting_status_history
    WHERE user_model_id = ${input.userModelId}::uuid
      ${after ? Prisma.sql`AND (changed_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
    ORDER BY changed_at DESC, id DESC
    LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    changes: page.map((row) => ({
      id: row.id,
      fromStatus: row.from_status,
      toStatus: row.to_status,
      changedAt: row.changed_at.toISOString(),
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
  };
}

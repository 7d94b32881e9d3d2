import type { ItemCountersEvent, PrivacyLevel, SocialItemRef } from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import { canViewOwner, relationshipBetween } from '../access/visibility.ts';
import { requireVisibleModel } from '../collection/access.ts';
import { notFound } from '../errors.ts';
import {
  deliverNotifications,
  type NotificationServices,
  type PendingDelivery,
} from '../notifications/service.ts';
import { publishToStream, writeToStream, type StoredStreamEvent, type Tx } from '../realtime/streams.ts';

/**
 * What people like and comment on: a collection item (user_models) or a battle report. Both are
 * read through the visibility rule — a collection item through the collection's own read rule
 * (collection/access.ts), a battle report through its own visibility within the owner rule — and an
 * item the viewer may not see is NOT_FOUND, whatever the reason.
 */
export type SocialItem =
  | { kind: 'user_model'; id: string; ownerId: string; name: string }
  | { kind: 'battle_report'; id: string; ownerId: string; name: string };

export const refOf = (item: SocialItem): SocialItemRef =>
  item.kind === 'user_model' ? { userModelId: item.id } : { battleReportId: item.id };

/** How a notification or a push names the item. */
export const describeItem = (item: SocialItem) =>
  item.kind === 'user_model' ? 'your model' : 'your battle report';

export async function requireVisibleItem(
  db: Db,
  viewerId: string | null,
  ref: SocialItemRef,
): Promise<SocialItem> {
  if ('userModelId' in ref) {
    const model = await requireVisibleModel(db, viewerId, ref.userModelId, {
      id: true,
      userId: true,
      name: true,
      catalogModel: { select: { name: true } },
    });
    return {
      kind: 'user_model',
      id: model.id,
      ownerId: model.userId,
      // A linked item's own name overrides the catalogue's (DATA-MODEL.md).
      name: model.name ?? model.catalogModel?.name ?? 'a model',
    };
  }
  const report = await db.battleReport.findUnique({
    where: { id: ref.battleReportId },
    select: { id: true, userId: true, title: true, visibility: true },
  });
  if (!report || !(await mayViewBattleReport(db, viewerId, report))) throw notFound('Battle report');
  return { kind: 'battle_report', id: report.id, ownerId: report.userId, name: report.title };
}

/** A battle report's own visibility (public / friends / private) inside the owner rule. */
async function mayViewBattleReport(
  db: Db,
  viewerId: string | null,
  report: { userId: string; visibility: PrivacyLevel },
): Promise<boolean> {
  if (viewerId !== null && report.userId === viewerId) return true;
  if (report.visibility === 'private') return false;
  if (!(await canViewOwner(db, viewerId, report.userId))) return false;
  return report.visibility === 'public' || (await relationshipBetween(db, viewerId, report.userId)).friend;
}

/** May this viewer (still) see the item? For checks that answer yes or no rather than NOT_FOUND. */
export async function canViewItem(db: Db, viewerId: string, item: SocialItem): Promise<boolean> {
  return requireVisibleItem(db, viewerId, refOf(item)).then(
    () => true,
    () => false,
  );
}

// ---------------------------------------------------------------------------------------------
// Counters: like_count / comment_count, changed in the same transaction as the rows they count
// ---------------------------------------------------------------------------------------------

/** One replayable stream per item carrying its counts (social.onItemCounters). */
export const countersStream = (item: Pick<SocialItem, 'kind' | 'id'>) => `counters:${item.kind}:${item.id}`;

export interface ItemCounts {
  likeCount: number;
  commentCount: number;
}

/**
 * Locks the item's row for the rest of the transaction (so it cannot be deleted under a new like or
 * comment) and reads its counts; NOT_FOUND when it is already gone.
 */
export async function lockItem(tx: Tx, item: SocialItem): Promise<ItemCounts> {
  const rows =
    item.kind === 'user_model'
      ? await tx.$queryRaw<ItemCounts[]>`
          SELECT like_count AS "likeCount", comment_count AS "commentCount"
          FROM user_models WHERE id = ${item.id}::uuid FOR UPDATE`
      : await tx.$queryRaw<ItemCounts[]>`
          SELECT like_count AS "likeCount", comment_count AS "commentCount"
          FROM battle_reports WHERE id = ${item.id}::uuid FOR UPDATE`;
  const counts = rows[0];
  if (!counts) throw notFound(item.kind === 'user_model' ? 'Collection item' : 'Battle report');
  return counts;
}

/**
 * Sets the item's counters to the rows they count. Run under the item's lock (`writeItem`), so the
 * result is exact whatever else is racing; counting rather than adding also repairs a counter that
 * rows deleted elsewhere (an account purge cascading its likes) left behind.
 */
export async function recount(tx: Tx, item: SocialItem): Promise<ItemCounts> {
  const rows =
    item.kind === 'user_model'
      ? await tx.$queryRaw<ItemCounts[]>`
          UPDATE user_models SET
            like_count = (SELECT count(*) FROM model_likes WHERE user_model_id = ${item.id}::uuid),
            comment_count = (SELECT count(*) FROM comments WHERE user_model_id = ${item.id}::uuid)
          WHERE id = ${item.id}::uuid
          RETURNING like_count AS "likeCount", comment_count AS "commentCount"`
      : await tx.$queryRaw<ItemCounts[]>`
          UPDATE battle_reports SET
            like_count = (SELECT count(*) FROM battle_report_likes WHERE battle_report_id = ${item.id}::uuid),
            comment_count = (SELECT count(*) FROM comments WHERE battle_report_id = ${item.id}::uuid)
          WHERE id = ${item.id}::uuid
          RETURNING like_count AS "likeCount", comment_count AS "commentCount"`;
  return rows[0]!;
}

export async function readCounts(db: Db, item: SocialItem): Promise<ItemCounts> {
  const select = { likeCount: true, commentCount: true } as const;
  const counts =
    item.kind === 'user_model'
      ? await db.userModel.findUnique({ where: { id: item.id }, select })
      : await db.battleReport.findUnique({ where: { id: item.id }, select });
  if (!counts) throw notFound(item.kind === 'user_model' ? 'Collection item' : 'Battle report');
  return counts;
}

export type CountersCause = ItemCountersEvent['cause'];

/** What a counters event stores: the counts after the change and what changed them (never who). */
export const countersPayload = (cause: CountersCause, counts: ItemCounts): Prisma.InputJsonObject => ({
  cause,
  likeCount: counts.likeCount,
  commentCount: counts.commentCount,
});

export function toCountersEvents(item: SocialItem, rows: StoredStreamEvent[]): ItemCountersEvent[] {
  return rows.map((row) => {
    const payload = row.payload as { cause: CountersCause; likeCount: number; commentCount: number };
    return {
      type: 'counters.changed',
      item: refOf(item),
      likeCount: payload.likeCount,
      commentCount: payload.commentCount,
      cause: payload.cause,
      at: row.createdAt.toISOString(),
    };
  });
}

export interface ItemWrite {
  tx: Tx;
  /** The counts when the transaction locked the item. */
  counts: ItemCounts;
  /** Records the item's new counts on its stream (published after commit). */
  emitCounts(cause: CountersCause, counts: ItemCounts): Promise<void>;
  /** Queues notifications (or their withdrawal) for delivery after commit. */
  deliverLater(delivery: PendingDelivery | PendingDelivery[] | null): void;
}

/**
 * One transaction over the item's counters stream: its likes or comments, its counters, the counters
 * event and any notifications commit together. Writers of one item queue on the stream's lock, so
 * counters stay exact under any concurrency. Events and notifications go out after the commit.
 */
export async function writeItem<T>(
  services: NotificationServices,
  item: SocialItem,
  write: (context: ItemWrite) => Promise<T>,
): Promise<T> {
  const deliveries: PendingDelivery[] = [];
  const streamKey = countersStream(item);
  const { result, events } = await writeToStream(services.db, streamKey, async (tx, emit) => {
    const counts = await lockItem(tx, item);
    return write({
      tx,
      counts,
      emitCounts: async (cause, next) => {
        await emit('counters.changed', countersPayload(cause, next));
      },
      deliverLater: (delivery) => {
        if (Array.isArray(delivery)) deliveries.push(...delivery);
        else if (delivery) deliveries.push(delivery);
      },
    });
  });
  const payloads = toCountersEvents(item, events);
  for (const [index, event] of events.entries()) {
    await publishToStream(services.bus, services.logger, streamKey, event.seq, payloads[index]!);
  }
  await deliverNotifications(services, deliveries);
  return result;
}

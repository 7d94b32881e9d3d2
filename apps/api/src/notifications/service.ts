import {
  NOTIFICATION_LIMITS,
  NOTIFICATION_PREFERENCE_FOR,
  readNotificationPreferences,
  type ListNotificationsInput,
  type NotificationData,
  type NotificationEvent,
  type NotificationEventsInput,
  type NotificationType,
  type UserNotification,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../collection/cursor.ts';
import type { Services } from '../context.ts';
import { notFound } from '../errors.ts';
import { liveStream } from '../realtime/live-stream.ts';
import { publishToStream, streamHead, writeToStream, type Emit, type Tx } from '../realtime/streams.ts';
import {
  DEDUPE_KEY_FIELD,
  hydrateNotificationEvents,
  loadActors,
  notificationStream,
  readNotificationData,
  storedPayload,
  toUserNotification,
  type NotificationRow,
  type StoredNotificationEvent,
} from './payloads.ts';
import { pushSenderFor } from './push.ts';

export type NotificationServices = Pick<Services, 'db' | 'bus' | 'logger' | 'redis'>;

// ---------------------------------------------------------------------------------------------
// notify(tx, …): the one way every feature tells a user something
// ---------------------------------------------------------------------------------------------

export interface NotifyInput {
  userId: string;
  type: NotificationType;
  title: string;
  message?: string | null;
  data?: NotificationData;
  /**
   * Leave the notification out when one with the same key reached this user within `withinMs`
   * (unlike + like again, unfollow + follow again). The key should name the actor and the target.
   */
  dedupe?: { key: string; withinMs: number };
}

interface PushContent {
  title: string;
  body: string | null;
  data: Record<string, string>;
}

/**
 * What a transaction decided to tell a user, handed to `deliverNotifications` once it has committed:
 * the live event and the push must never announce a row that rolled back.
 */
export type PendingDelivery =
  | {
      kind: 'created';
      userId: string;
      /** Null when the user turned in-app notifications of this kind off (push only). */
      notificationId: string | null;
      push: PushContent | null;
      /** Push-only notifications have no row to find a duplicate by; they are deduplicated at sending. */
      pushDedupe: { key: string; withinMs: number } | null;
    }
  | { kind: 'removed'; userId: string; notificationIds: string[] };

/** Two-key advisory lock space of "one notification per dedupe key" (stream locks use another). */
const DEDUPE_LOCK_NAMESPACE = 7_203_402;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Records a notification inside the caller's transaction, as the recipient's preferences allow
 * (users.notification_preferences, read with defaults): in-app off → no row; push on → a push after
 * commit. Returns what to deliver after commit, or null when there is nothing to deliver.
 *
 * With `dedupe`, the check and the insert run under a lock on (user, key), so two racing calls
 * cannot both insert. Take at most one dedupe'd notification per transaction (locks taken in a
 * varying order could deadlock).
 */
export async function notify(tx: Tx, input: NotifyInput): Promise<PendingDelivery | null> {
  const recipient = await tx.user.findUnique({
    where: { id: input.userId },
    select: { notificationPreferences: true, isActive: true },
  });
  if (!recipient?.isActive) return null;
  const preferences = readNotificationPreferences(recipient.notificationPreferences);
  const channels = preferences[NOTIFICATION_PREFERENCE_FOR[input.type]];
  if (!channels.inApp && !channels.push) return null;

  const title = clip(input.title, NOTIFICATION_LIMITS.titleLength);
  const message =
    input.message === undefined || input.message === null
      ? null
      : clip(input.message, NOTIFICATION_LIMITS.messageLength);
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.data ?? {})) if (value !== undefined) data[key] = value;

  let notificationId: string | null = null;
  if (channels.inApp) {
    if (input.dedupe) {
      const { key, withinMs } = input.dedupe;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEDUPE_LOCK_NAMESPACE}::int, hashtext(${`${input.userId}:${key}`}))`;
      const recent = await tx.notification.findFirst({
        where: {
          userId: input.userId,
          type: input.type,
          createdAt: { gte: new Date(Date.now() - withinMs) },
          data: { path: [DEDUPE_KEY_FIELD], equals: key },
        },
        select: { id: true },
      });
      if (recent) return null;
    }
    const row = await tx.notification.create({
      data: {
        userId: input.userId,
        type: input.type,
        title,
        message,
        data: input.dedupe ? { ...data, [DEDUPE_KEY_FIELD]: input.dedupe.key } : data,
      },
      select: { id: true },
    });
    notificationId = row.id;
  }
  return {
    kind: 'created',
    userId: input.userId,
    notificationId,
    push: channels.push
      ? {
          title,
          body: message,
          data: { ...data, type: input.type, ...(notificationId ? { notificationId } : {}) },
        }
      : null,
    pushDedupe: !channels.inApp && input.dedupe ? input.dedupe : null,
  };
}

/**
 * Withdraws what either user was told about the other (a block): returns the removals to deliver
 * after commit, so both users' unread counts update live.
 */
export async function retractNotificationsBetween(tx: Tx, a: string, b: string): Promise<PendingDelivery[]> {
  const rows = await tx.$queryRaw<{ id: string; user_id: string }[]>`
    DELETE FROM notifications
    WHERE (user_id = ${a}::uuid AND data ->> 'actorId' = ${b})
       OR (user_id = ${b}::uuid AND data ->> 'actorId' = ${a})
    RETURNING id::text, user_id::text`;
  return removals(rows);
}

/**
 * Withdraws the notifications of the given users that point at any of `ids` through `field` of their
 * data (e.g. the comments of a deleted thread), so no copy of deleted text outlives it. Keyed by the
 * recipients first: their index does the work, never a scan of everyone's notifications.
 */
export async function retractNotificationsAbout(
  tx: Tx,
  recipients: string[],
  field: 'commentId' | 'friendRequestId',
  ids: string[],
): Promise<PendingDelivery[]> {
  if (recipients.length === 0 || ids.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string; user_id: string }[]>`
    DELETE FROM notifications
    WHERE user_id = ANY(${[...new Set(recipients)]}::uuid[]) AND data ->> ${field} = ANY(${ids}::text[])
    RETURNING id::text, user_id::text`;
  return removals(rows);
}

function removals(rows: { id: string; user_id: string }[]): PendingDelivery[] {
  const byUser = new Map<string, string[]>();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.id]);
  return [...byUser].map(([userId, notificationIds]) => ({ kind: 'removed', userId, notificationIds }));
}

// ---------------------------------------------------------------------------------------------
// After commit: the live events and the pushes
// ---------------------------------------------------------------------------------------------

/**
 * Announces committed notifications on each recipient's stream and sends their pushes. The rows are
 * already the truth (list, unread count); a failure here is logged, never thrown at the user who
 * acted. Pushes go out in the background (see `settlePushes`).
 */
export async function deliverNotifications(
  services: NotificationServices,
  pending: ReadonlyArray<PendingDelivery | null | undefined>,
): Promise<void> {
  const byUser = new Map<string, PendingDelivery[]>();
  for (const delivery of pending) {
    if (delivery) byUser.set(delivery.userId, [...(byUser.get(delivery.userId) ?? []), delivery]);
  }
  for (const [userId, deliveries] of byUser) {
    try {
      await announce(services, userId, deliveries);
    } catch (error) {
      services.logger.error({ err: error, userId }, 'announcing notifications failed; they are in the list');
    }
    for (const delivery of deliveries) {
      if (delivery.kind === 'created' && delivery.push) track(services, pushToDevices(services, delivery));
    }
  }
}

async function announce(services: NotificationServices, userId: string, deliveries: PendingDelivery[]) {
  const stored: StoredNotificationEvent[] = [];
  const streamKey = notificationStream(userId);
  const { events } = await writeToStream(services.db, streamKey, async (tx, emit) => {
    // Counted under the stream lock: the last event of the stream always carries the latest count.
    const unreadCount = await unreadIn(tx, userId);
    for (const delivery of deliveries) {
      if (delivery.kind === 'created' && delivery.notificationId)
        stored.push({ type: 'notification.created', notificationId: delivery.notificationId, unreadCount });
      if (delivery.kind === 'removed' && delivery.notificationIds.length > 0)
        stored.push({ type: 'notification.removed', notificationIds: delivery.notificationIds, unreadCount });
    }
    for (const event of stored) await emitNotification(emit, event);
  });
  await publishNotificationEvents(services, userId, events);
}

const emitNotification = (emit: Emit, event: StoredNotificationEvent) =>
  emit(event.type, storedPayload(event));

async function publishNotificationEvents(
  services: NotificationServices,
  userId: string,
  events: Awaited<ReturnType<typeof writeToStream>>['events'],
) {
  if (events.length === 0) return;
  const payloads = await hydrateNotificationEvents(services.db, userId, events);
  for (const [index, event] of events.entries()) {
    const payload = payloads[index];
    if (payload)
      await publishToStream(services.bus, services.logger, notificationStream(userId), event.seq, payload);
  }
}

const MAX_PUSH_DEVICES = 20;

async function pushToDevices(
  services: NotificationServices,
  delivery: Extract<PendingDelivery, { kind: 'created' }>,
): Promise<void> {
  const push = delivery.push!;
  if (delivery.pushDedupe && !(await claimPushOnce(services, delivery.userId, delivery.pushDedupe))) return;
  const devices = await services.db.userDevice.findMany({
    where: { userId: delivery.userId, pushEnabled: true, pushToken: { not: null } },
    select: { id: true, platform: true, pushToken: true },
    orderBy: { lastSeenAt: 'desc' },
    take: MAX_PUSH_DEVICES,
  });
  const sender = pushSenderFor(services);
  await Promise.all(
    devices.map(async (device) => {
      try {
        await sender.send({
          deviceId: device.id,
          platform: device.platform,
          token: device.pushToken!,
          title: push.title,
          body: push.body,
          data: push.data,
        });
      } catch (error) {
        services.logger.warn(
          { err: error, deviceId: device.id, sender: sender.name, userId: delivery.userId },
          'push notification failed',
        );
      }
    }),
  );
}

// Push-only deduplication: a key remembered for the window — in Redis when the API has one (every
// node sees it), else in this process (a single node).
const claimedInMemory = new WeakMap<object, Map<string, number>>();

async function claimPushOnce(
  services: NotificationServices,
  userId: string,
  dedupe: { key: string; withinMs: number },
): Promise<boolean> {
  const key = `notify:push-dedupe:${userId}:${dedupe.key}`;
  if (services.redis) {
    try {
      return (await services.redis.set(key, '1', 'PX', dedupe.withinMs, 'NX')) === 'OK';
    } catch (error) {
      services.logger.warn({ err: error }, 'push dedupe unavailable; sending anyway');
      return true;
    }
  }
  let claimed = claimedInMemory.get(services);
  if (!claimed) claimedInMemory.set(services, (claimed = new Map()));
  const now = Date.now();
  for (const [entry, until] of claimed) if (until <= now) claimed.delete(entry);
  if ((claimed.get(key) ?? 0) > now) return false;
  claimed.set(key, now + dedupe.withinMs);
  return true;
}

const inFlight = new WeakMap<object, Set<Promise<void>>>();

function track(services: NotificationServices, work: Promise<void>) {
  let set = inFlight.get(services);
  if (!set) inFlight.set(services, (set = new Set()));
  const settled = work.catch((error: unknown) => {
    services.logger.warn({ err: error }, 'push notification failed');
  });
  set.add(settled);
  void settled.finally(() => set.delete(settled));
}

/** Resolves once every push started so far has been sent or has failed (shutdown, tests). */
export async function settlePushes(services: NotificationServices): Promise<void> {
  const set = inFlight.get(services);
  while (set && set.size > 0) await Promise.all([...set]);
}

// ---------------------------------------------------------------------------------------------
// Reading and marking read
// ---------------------------------------------------------------------------------------------

const unreadIn = (db: Db | Tx, userId: string) => db.notification.count({ where: { userId, isRead: false } });

export interface NotificationPage {
  items: UserNotification[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  unreadCount: number;
  /** Subscribe to `notifications.onEvent` from here to miss nothing that happened after this read. */
  lastEventId: string;
}

const cursorShape = z.strictObject({
  t: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  id: z.uuid(),
});

type ListRow = {
  id: string;
  user_id: string;
  type: string;
  title: string;
  message: string | null;
  data: Prisma.JsonValue;
  is_read: boolean;
  read_at: Date | null;
  created_at: Date;
  key: string;
};

/** The viewer's notifications, newest first, keyset-paged on (created_at, id) at full precision. */
export async function listNotifications(
  db: Db,
  userId: string,
  input: ListNotificationsInput,
): Promise<NotificationPage> {
  const cursor = input.cursor ? decodeCursor(input.cursor, cursorShape) : null;
  const lastEventId = (await streamHead(db, notificationStream(userId))).toString();
  const rows = await db.$queryRaw<ListRow[]>`
    SELECT id::text, user_id::text, type::text, title, message, data, is_read, read_at, created_at,
           to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS key
    FROM notifications
    WHERE user_id = ${userId}::uuid
      ${input.unreadOnly ? Prisma.sql`AND is_read = FALSE` : Prisma.empty}
      ${cursor ? Prisma.sql`AND (created_at, id) < (${cursor.t}::timestamptz, ${cursor.id}::uuid)` : Prisma.empty}
    ORDER BY created_at DESC, id DESC
    LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit);
  const actors = await loadActors(
    db,
    page.flatMap((row) => readNotificationData(row.data).actorId ?? []),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => toUserNotification(fromListRow(row), actors)),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.key, id: last.id }) : null,
    unreadCount: await unreadIn(db, userId),
    lastEventId,
  };
}

const fromListRow = (row: ListRow): NotificationRow => ({
  id: row.id,
  userId: row.user_id,
  type: row.type as NotificationRow['type'],
  title: row.title,
  message: row.message,
  data: row.data,
  isRead: row.is_read,
  readAt: row.read_at,
  createdAt: row.created_at,
});

export async function unreadCount(db: Db, userId: string): Promise<{ unreadCount: number }> {
  return { unreadCount: await unreadIn(db, userId) };
}

/** Marks one of the viewer's notifications read (again: no change, no event). */
export async function markNotificationRead(
  services: NotificationServices,
  userId: string,
  notificationId: string,
): Promise<{ notificationId: string; readAt: string; unreadCount: number }> {
  const { result, events } = await writeToStream(
    services.db,
    notificationStream(userId),
    async (tx, emit) => {
      // Ownership is part of the where: someone else's notification is NOT_FOUND, like a missing one.
      const existing = await tx.notification.findFirst({
        where: { id: notificationId, userId },
        select: { readAt: true },
      });
      if (!existing) throw notFound('Notification');
      if (existing.readAt) {
        return {
          notificationId,
          readAt: existing.readAt.toISOString(),
          unreadCount: await unreadIn(tx, userId),
        };
      }
      const readAt = new Date();
      await tx.notification.update({ where: { id: notificationId }, data: { isRead: true, readAt } });
      const unread = await unreadIn(tx, userId);
      await emitNotification(emit, {
        type: 'notification.read',
        notificationIds: [notificationId],
        readAt: readAt.toISOString(),
        unreadCount: unread,
      });
      return { notificationId, readAt: readAt.toISOString(), unreadCount: unread };
    },
  );
  await publishNotificationEvents(services, userId, events);
  return result;
}

/** Marks every unread notification of the viewer read. */
export async function markAllNotificationsRead(
  services: NotificationServices,
  userId: string,
): Promise<{ updated: number; unreadCount: number }> {
  const { result, events } = await writeToStream(
    services.db,
    notificationStream(userId),
    async (tx, emit) => {
      const readAt = new Date();
      const { count } = await tx.notification.updateMany({
        where: { userId, isRead: false },
        data: { isRead: true, readAt },
      });
      const unread = await unreadIn(tx, userId);
      if (count > 0) {
        await emitNotification(emit, {
          type: 'notification.all_read',
          readAt: readAt.toISOString(),
          unreadCount: unread,
        });
      }
      return { updated: count, unreadCount: unread };
    },
  );
  await publishNotificationEvents(services, userId, events);
  return result;
}

/** The viewer's own stream: new notifications, read-state changes, withdrawn ones, with the unread count. */
export function notificationEvents(
  services: NotificationServices,
  userId: string,
  input: NotificationEventsInput,
  signal: AbortSignal | undefined,
) {
  const { db } = services;
  return liveStream<NotificationEvent>({
    bus: services.bus,
    db,
    streamKey: notificationStream(userId),
    lastEventId: input.lastEventId,
    signal,
    // Only its owner ever opens this stream (the key is the viewer's id), and a revoked session's
    // socket is closed by services.sockets: nothing else can change who may read it.
    authorize: async () => {},
    hydrate: (rows) => hydrateNotificationEvents(db, userId, rows),
  });
}

import type {
  NotificationActor,
  NotificationData,
  NotificationEvent,
  NotificationType,
  UserNotification,
} from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import type { StoredStreamEvent } from '../realtime/streams.ts';

/** One replayable stream per user: their new notifications, read-state changes and unread count. */
export const notificationStream = (userId: string) => `notifications:${userId}`;

/** Stored in notifications.data to find a recent duplicate; never shown to clients. */
export const DEDUPE_KEY_FIELD = 'dedupeKey';

export const notificationSelect = {
  id: true,
  userId: true,
  type: true,
  title: true,
  message: true,
  data: true,
  isRead: true,
  readAt: true,
  createdAt: true,
} satisfies Prisma.NotificationSelect;
export type NotificationRow = Prisma.NotificationGetPayload<{ select: typeof notificationSelect }>;

/** The stored JSON as the contract's string map: unknown and non-string fields are dropped. */
export function readNotificationData(stored: Prisma.JsonValue): NotificationData {
  const data: NotificationData = {};
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return data;
  for (const [key, value] of Object.entries(stored)) {
    if (key !== DEDUPE_KEY_FIELD && typeof value === 'string') data[key] = value;
  }
  return data;
}

/** The current cards of the given actors; deactivated and pending-deletion accounts have none. */
export async function loadActors(db: Db, ids: string[]): Promise<Map<string, NotificationActor>> {
  if (ids.length === 0) return new Map();
  const rows = await db.user.findMany({
    where: { id: { in: [...new Set(ids)] }, isActive: true, deletionScheduledAt: null },
    select: { id: true, username: true, avatarUrl: true },
  });
  return new Map(rows.map((row) => [row.id, row]));
}

export function toUserNotification(
  row: NotificationRow,
  actors: Map<string, NotificationActor>,
): UserNotification {
  const data = readNotificationData(row.data);
  return {
    id: row.id,
    type: row.type as NotificationType,
    title: row.title,
    message: row.message,
    data,
    actor: (data.actorId && actors.get(data.actorId)) || null,
    isRead: row.isRead,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Loads one user's notifications as clients see them, in the order of `ids` (missing ones left out). */
export async function loadNotifications(db: Db, userId: string, ids: string[]): Promise<UserNotification[]> {
  if (ids.length === 0) return [];
  const rows = await db.notification.findMany({
    where: { id: { in: ids }, userId },
    select: notificationSelect,
  });
  const actors = await loadActors(
    db,
    rows.flatMap((row) => readNotificationData(row.data).actorId ?? []),
  );
  const byId = new Map(rows.map((row) => [row.id, toUserNotification(row, actors)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** What a notification event stores: ids and counts only, so a deleted notification leaves no copy. */
export type StoredNotificationEvent =
  | { type: 'notification.created'; notificationId: string; unreadCount: number }
  | { type: 'notification.read'; notificationIds: string[]; readAt: string; unreadCount: number }
  | { type: 'notification.all_read'; readAt: string; unreadCount: number }
  | { type: 'notification.removed'; notificationIds: string[]; unreadCount: number };

export function storedPayload(event: StoredNotificationEvent): Prisma.InputJsonObject {
  const { type: _type, ...payload } = event;
  return payload as Prisma.InputJsonObject;
}

/**
 * Stored rows → the events clients receive, for replay and live publishing alike. A created event
 * whose notification has since been withdrawn has nothing to show and is skipped.
 */
export async function hydrateNotificationEvents(
  db: Db,
  userId: string,
  rows: StoredStreamEvent[],
): Promise<Array<NotificationEvent | null>> {
  const createdIds = rows
    .filter((row) => row.eventType === 'notification.created')
    .map((row) => (row.payload as { notificationId: string }).notificationId);
  const notifications = new Map(
    (await loadNotifications(db, userId, [...new Set(createdIds)])).map((n) => [n.id, n]),
  );
  return rows.map((row) => {
    const payload = row.payload as Record<string, unknown>;
    const at = row.createdAt.toISOString();
    if (row.eventType === 'notification.created') {
      const notification = notifications.get(payload.notificationId as string);
      if (!notification) return null;
      return { type: 'notification.created', notification, unreadCount: payload.unreadCount as number, at };
    }
    return { ...payload, type: row.eventType, at } as NotificationEvent;
  });
}

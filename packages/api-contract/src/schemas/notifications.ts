import { z } from 'zod';
import { lastEventIdSchema } from './chat.ts';
import type { NotificationPreferences } from './profile.ts';

export const NOTIFICATION_LIMITS = {
  pageSize: 100,
  titleLength: 255,
  messageLength: 2_000,
} as const;

/** The database's notification_type enum, in its order. */
export const notificationTypes = [
  'like',
  'comment',
  'follow',
  'achievement',
  'system',
  'reminder',
  'friend_request',
  'friend_accepted',
  'message',
  'price_alert',
  'help_answer',
] as const;
export type NotificationType = (typeof notificationTypes)[number];

type PreferenceCategory = Exclude<keyof NotificationPreferences, 'digest'>;

/** Which preference entry (profile.ts) governs each kind of notification. */
export const NOTIFICATION_PREFERENCE_FOR: Record<NotificationType, PreferenceCategory> = {
  like: 'like',
  comment: 'comment',
  follow: 'follow',
  achievement: 'achievement',
  system: 'system',
  reminder: 'reminder',
  friend_request: 'friendRequest',
  friend_accepted: 'friendRequest',
  message: 'message',
  price_alert: 'priceAlert',
  help_answer: 'helpAnswer',
};

const cursor = z.string().min(1).max(200).optional();

export const listNotificationsInput = z.object({
  cursor,
  limit: z.number().int().min(1).max(NOTIFICATION_LIMITS.pageSize).default(20),
  unreadOnly: z.boolean().default(false),
});
export type ListNotificationsInput = z.infer<typeof listNotificationsInput>;

export const notificationIdInput = z.object({ notificationId: z.uuid('Not a valid id') });
export type NotificationIdInput = z.infer<typeof notificationIdInput>;

export const notificationEventsInput = z.object({ lastEventId: lastEventIdSchema.optional() });
export type NotificationEventsInput = z.infer<typeof notificationEventsInput>;

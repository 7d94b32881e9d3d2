import { z } from 'zod';

export const FEED_LIMITS = {
  /** Largest page of feed entries. */
  pageSize: 50,
  defaultPageSize: 20,
  /** Consecutive model_added by one user within this window are shown as one entry. */
  groupWindowMs: 60 * 60 * 1000,
  /** Largest number of ids carried by one grouped entry (the rest stay separate entries). */
  maxGroupSize: 50,
} as const;

/** The database's activity_type enum, in its order. */
export const activityTypes = [
  'model_added',
  'model_updated',
  'model_painted',
  'army_created',
  'comment_added',
  'user_followed',
  'achievement_earned',
  'photo_added',
  'battle_report_posted',
  'help_request_posted',
  'friend_added',
] as const;
export type ActivityType = (typeof activityTypes)[number];

/** Opaque position in a feed: base64url of "<created_at text>|<id>". */
export const feedCursorSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'Not a feed cursor');

const limit = z.number().int().min(1).max(FEED_LIMITS.pageSize).default(FEED_LIMITS.defaultPageSize);

export const feedHomeInput = z.object({ cursor: feedCursorSchema.optional(), limit });
export type FeedHomeInput = z.input<typeof feedHomeInput>;

export const feedUserInput = z.object({
  username: z.string().trim().min(1).max(50),
  cursor: feedCursorSchema.optional(),
  limit,
});
export type FeedUserInput = z.input<typeof feedUserInput>;

/**
 * `lastEventId` is the feed cursor of the newest entry the client has shown (the first entry's
 * `cursor` of its latest feed.home page); absent = count from the moment of subscribing.
 */
export const feedOnNewInput = z.object({ lastEventId: feedCursorSchema.optional() });
export type FeedOnNewInput = z.infer<typeof feedOnNewInput>;

export interface FeedActor {
  id: string;
  username: string;
  avatarUrl: string | null;
}

export interface FeedEntry {
  /** The newest activity's id (the first of a group). */
  id: string;
  type: ActivityType;
  actor: FeedActor;
  entityType: string | null;
  entityId: string | null;
  data: unknown;
  createdAt: string;
  /** Number of activities this entry stands for (>1 for "added 12 models"). */
  count: number;
  /** The grouped activities' entity ids, newest first (for a single entry: its own entity id, if any). */
  entityIds: string[];
  /** Position after this entry's oldest activity (for `lastEventId` use the first entry's `cursor`). */
  cursor: string;
}

export interface FeedPage {
  entries: FeedEntry[];
  nextCursor: string | null;
}

import type { MessageType, ParticipantRole } from './schemas/chat.ts';
import type { NotificationType } from './schemas/notifications.ts';
import type { SocialItemRef } from './schemas/social.ts';

// Payloads of real-time events. They cross the bus as JSON and reach clients as JSON, so every time is
// an ISO string and nothing is a class instance: an event replayed from PostgreSQL and the same event
// delivered live look the same.
//
// Tracked subscriptions yield `tracked(id, event)`; the id is the event's sequence number in its stream
// (a decimal string, 1, 2, 3, … without gaps). A client that reconnects passes the last id it saw as
// `lastEventId` (wsLink does so by itself) and receives everything after it, once, in order.

/**
 * Sent once after the subscription has caught up: everything up to its id has been delivered and the
 * stream is live from here. Its id is the stream position, so a client that saw no other event still
 * resumes from the right place.
 */
export interface StreamSyncedEvent {
  type: 'stream.synced';
}

export interface ChatUser {
  id: string;
  username: string;
  avatarUrl: string | null;
}

/**
 * What a message carries besides its text. Shares are references only: the client loads the model or
 * battle report through its own API, which applies the viewer's visibility.
 */
export type ChatAttachment =
  | { kind: 'image'; url: string }
  | { kind: 'user_model'; userModelId: string }
  | { kind: 'battle_report'; battleReportId: string };

export interface ChatReaction {
  emoji: string;
  count: number;
  userIds: string[];
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  author: ChatUser;
  type: MessageType;
  /** Empty once deleted: the placeholder keeps its place in the thread, its content is gone. */
  content: string;
  attachments: ChatAttachment[];
  replyToId: string | null;
  reactions: ChatReaction[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ChatParticipant extends ChatUser {
  role: ParticipantRole;
  joinedAt: string;
}

interface ChatEventBase {
  conversationId: string;
  /** When the event happened. */
  at: string;
}

export type ChatEvent = ChatEventBase &
  (
    | { type: 'message.created'; message: ChatMessage }
    | { type: 'message.edited'; message: ChatMessage }
    | { type: 'message.deleted'; message: ChatMessage }
    | { type: 'reaction.added'; messageId: string; userId: string; emoji: string }
    | { type: 'reaction.removed'; messageId: string; userId: string; emoji: string }
    | { type: 'read'; userId: string; lastReadAt: string }
    | { type: 'participant.added'; participant: ChatParticipant }
    | { type: 'participant.removed'; userId: string; reason: 'left' | 'removed' }
    | { type: 'participant.role_changed'; userId: string; role: ParticipantRole }
    | { type: 'conversation.renamed'; name: string }
  );
export type ChatEventType = ChatEvent['type'];

/** What `chat.onEvent` yields (as `tracked` data). */
export type ChatStreamEvent = ChatEvent | StreamSyncedEvent;

/** Ephemeral: never stored, never replayed, delivered only to those subscribed at the moment. */
export interface ChatTypingEvent {
  conversationId: string;
  user: Pick<ChatUser, 'id' | 'username'>;
  at: string;
}

// ---------------------------------------------------------------------------------------------
// Social: live like and comment counts of one item (`social.onItemCounters`)
// ---------------------------------------------------------------------------------------------

/**
 * The item's counts right after a change. Each event carries the absolute counts, so the latest one
 * a client holds is the truth; who liked or commented is not in it (load `social.likers` for that,
 * which applies the viewer's visibility).
 */
export interface ItemCountersEvent {
  type: 'counters.changed';
  item: SocialItemRef;
  likeCount: number;
  commentCount: number;
  cause: 'like' | 'unlike' | 'comment.added' | 'comment.deleted';
  at: string;
}

/** What `social.onItemCounters` yields (as `tracked` data). */
export type ItemCountersStreamEvent = ItemCountersEvent | StreamSyncedEvent;

// ---------------------------------------------------------------------------------------------
// Notifications (`notifications.onEvent`, one stream per user)
// ---------------------------------------------------------------------------------------------

/** What a notification points at; which fields are present depends on its type. */
export interface NotificationData {
  /** The user whose action it reports (liker, commenter, follower, requester…). */
  actorId?: string;
  userModelId?: string;
  battleReportId?: string;
  commentId?: string;
  friendRequestId?: string;
  /** Anything a later kind of notification (achievements, price alerts…) needs, as strings. */
  [key: string]: string | undefined;
}

export interface NotificationActor {
  id: string;
  username: string;
  avatarUrl: string | null;
}

export interface UserNotification {
  id: string;
  type: NotificationType;
  title: string;
  message: string | null;
  data: NotificationData;
  /** The actor's current card; null when there is none or the account is gone or deactivated. */
  actor: NotificationActor | null;
  isRead: boolean;
  readAt: string | null;
  createdAt: string;
}

/** Every notification event says how many notifications are unread right after it. */
export type NotificationEvent = { unreadCount: number; at: string } & (
  | { type: 'notification.created'; notification: UserNotification }
  | { type: 'notification.read'; notificationIds: string[]; readAt: string }
  | { type: 'notification.all_read'; readAt: string }
  /** Withdrawn, e.g. when one of the two people blocked the other. */
  | { type: 'notification.removed'; notificationIds: string[] }
);
export type NotificationEventType = NotificationEvent['type'];

/** What `notifications.onEvent` yields (as `tracked` data). */
export type NotificationStreamEvent = NotificationEvent | StreamSyncedEvent;

/** feed.onNew: how many entries newer than the client's position its home feed now has. */
export interface FeedNewEvent {
  type: 'feed.new';
  /** Activities newer than lastEventId visible in the viewer's home feed (capped at 100). */
  count: number;
}

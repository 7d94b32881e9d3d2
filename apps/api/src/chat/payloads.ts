import type {
  ChatAttachment,
  ChatEvent,
  ChatMessage,
  ChatParticipant,
  ChatReaction,
  ParticipantRole,
} from '@plastic-crack/api-contract';
import type { Db, Prisma } from '@plastic-crack/db';
import type { StoredStreamEvent } from '../realtime/streams.ts';

export const conversationStream = (conversationId: string) => `conversation:${conversationId}`;
export const typingChannel = (conversationId: string) => `typing:conversation:${conversationId}`;

export const messageSelect = {
  id: true,
  conversationId: true,
  content: true,
  messageType: true,
  replyToId: true,
  attachments: true,
  editedAt: true,
  deletedAt: true,
  createdAt: true,
  user: { select: { id: true, username: true, avatarUrl: true } },
  reactions: { select: { emoji: true, userId: true }, orderBy: [{ createdAt: 'asc' }, { userId: 'asc' }] },
} satisfies Prisma.MessageSelect;
type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export function toChatMessage(row: MessageRow): ChatMessage {
  const reactions = new Map<string, ChatReaction>();
  for (const { emoji, userId } of row.reactions) {
    const reaction = reactions.get(emoji) ?? { emoji, count: 0, userIds: [] };
    reaction.count += 1;
    reaction.userIds.push(userId);
    reactions.set(emoji, reaction);
  }
  return {
    id: row.id,
    conversationId: row.conversationId,
    author: row.user,
    type: row.messageType,
    content: row.deletedAt ? '' : row.content,
    attachments: row.deletedAt ? [] : (row.attachments as unknown as ChatAttachment[]),
    replyToId: row.replyToId,
    reactions: [...reactions.values()],
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}

/** Loads messages as clients see them, in the order of `ids` (missing ones are left out). */
export async function loadMessages(db: Db, ids: string[]): Promise<ChatMessage[]> {
  if (ids.length === 0) return [];
  const rows = await db.message.findMany({ where: { id: { in: ids } }, select: messageSelect });
  const byId = new Map(rows.map((row) => [row.id, toChatMessage(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export const participantSelect = {
  role: true,
  joinedAt: true,
  user: { select: { id: true, username: true, avatarUrl: true } },
} satisfies Prisma.ConversationParticipantSelect;
type ParticipantRow = Prisma.ConversationParticipantGetPayload<{ select: typeof participantSelect }>;

export const toChatParticipant = (row: ParticipantRow): ChatParticipant => ({
  ...row.user,
  role: row.role,
  joinedAt: row.joinedAt.toISOString(),
});

/**
 * What a chat event stores in stream_events. Message events keep only the message id — the text lives
 * in messages, so deleting a message leaves no copy of it in the log — and are filled in when read.
 */
export type StoredChatEvent =
  | { type: 'message.created' | 'message.edited' | 'message.deleted'; messageId: string }
  | { type: 'reaction.added' | 'reaction.removed'; messageId: string; userId: string; emoji: string }
  | { type: 'read'; userId: string; lastReadAt: string }
  | { type: 'participant.added'; participant: ChatParticipant }
  | { type: 'participant.removed'; userId: string; reason: 'left' | 'removed' }
  | { type: 'participant.role_changed'; userId: string; role: ParticipantRole }
  | { type: 'conversation.renamed'; name: string };

export function storedPayload(event: StoredChatEvent): Prisma.InputJsonObject {
  const { type: _type, ...payload } = event;
  return payload as Prisma.InputJsonObject;
}

const isMessageEvent = (eventType: string) =>
  eventType === 'message.created' || eventType === 'message.edited' || eventType === 'message.deleted';

/**
 * Stored rows → the events clients receive. Used for replay and for live publishing alike, so an event
 * looks the same whichever way it arrives.
 */
export async function hydrateChatEvents(
  db: Db,
  conversationId: string,
  rows: StoredStreamEvent[],
): Promise<Array<ChatEvent | null>> {
  const messageIds = rows
    .filter((row) => isMessageEvent(row.eventType))
    .map((row) => (row.payload as { messageId: string }).messageId);
  const messages = new Map((await loadMessages(db, [...new Set(messageIds)])).map((m) => [m.id, m]));
  return rows.map((row) => {
    const base = { conversationId, at: row.createdAt.toISOString() };
    const payload = row.payload as Record<string, unknown>;
    if (isMessageEvent(row.eventType)) {
      // A message removed with its author's account has no event to show any more.
      const message = messages.get(payload.messageId as string);
      return message ? ({ ...base, type: row.eventType, message } as ChatEvent) : null;
    }
    return { ...payload, ...base, type: row.eventType } as ChatEvent;
  });
}

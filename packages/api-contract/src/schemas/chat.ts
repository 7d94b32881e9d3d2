import { z } from 'zod';

/** Every bound the chat API enforces, in one place so forms and server agree. */
export const CHAT_LIMITS = {
  messageLength: 4_000,
  imagesPerMessage: 10,
  urlLength: 2_048,
  conversationNameLength: 100,
  descriptionLength: 1_000,
  /** Active participants of a group or help thread. */
  participantsPerConversation: 256,
  /** Users added in one call (and invited at creation). */
  participantsPerCall: 50,
  emojiLength: 32,
  /** Different emoji one user may put on one message. */
  reactionsPerUserPerMessage: 20,
  historyPageSize: 100,
  conversationPageSize: 50,
  /** Messages one user may send per window, across all conversations. */
  messagesPerWindow: 20,
  messageWindowSeconds: 10,
  /** A user's typing indicator in one conversation is forwarded at most once per this many ms. */
  typingThrottleMs: 2_000,
} as const;

export const participantRoles = ['admin', 'moderator', 'member'] as const;
export type ParticipantRole = (typeof participantRoles)[number];
export const conversationTypes = ['direct', 'group', 'help_thread'] as const;
export type ConversationType = (typeof conversationTypes)[number];
export const messageTypes = ['text', 'image', 'model_share', 'battle_report_share'] as const;
export type MessageType = (typeof messageTypes)[number];

const id = z.uuid('Not a valid id');
const conversationId = id;

/** Text of a text message: something other than whitespace, at most 4,000 characters. */
export const messageTextSchema = z
  .string()
  .trim()
  .min(1, 'Write a message')
  .max(CHAT_LIMITS.messageLength, `Use at most ${CHAT_LIMITS.messageLength} characters`);

/** Optional caption of an image or a share. */
export const captionSchema = z
  .string()
  .trim()
  .max(CHAT_LIMITS.messageLength, `Use at most ${CHAT_LIMITS.messageLength} characters`)
  .default('');

export const conversationNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the conversation a name')
  .max(CHAT_LIMITS.conversationNameLength, `Use at most ${CHAT_LIMITS.conversationNameLength} characters`);

/**
 * One reaction: emoji characters only (Emoji_Component covers the joiners, variation selectors, skin
 * tones and flag letters), at most 32 characters — the column's limit.
 */
export const emojiSchema = z
  .string()
  .min(1, 'Pick an emoji')
  .max(CHAT_LIMITS.emojiLength, 'That reaction is too long')
  .regex(/^[\p{Extended_Pictographic}\p{Emoji_Component}]+$/u, 'Use emoji only')
  .regex(/[\p{Extended_Pictographic}\p{Regional_Indicator}]/u, 'Use emoji only');

const imageUrl = z
  .url({ protocol: /^https?$/, error: 'Use an http(s) image address' })
  .max(CHAT_LIMITS.urlLength, 'That address is too long');

const participantIds = z
  .array(id)
  .max(CHAT_LIMITS.participantsPerCall, `Add at most ${CHAT_LIMITS.participantsPerCall} people at once`);

export const startDirectConversationInput = z.object({ userId: id });
export type StartDirectConversationInput = z.infer<typeof startDirectConversationInput>;

export const createGroupConversationInput = z.object({
  name: conversationNameSchema,
  description: z.string().trim().max(CHAT_LIMITS.descriptionLength).optional(),
  participantIds: participantIds.default([]),
});
export type CreateGroupConversationInput = z.infer<typeof createGroupConversationInput>;

export const createHelpThreadInput = z.object({
  name: conversationNameSchema,
  /** The help request the thread is about; its author joins the thread. */
  helpRequestId: id.optional(),
  participantIds: participantIds.default([]),
});
export type CreateHelpThreadInput = z.infer<typeof createHelpThreadInput>;

export const conversationInput = z.object({ conversationId });

export const renameConversationInput = z.object({ conversationId, name: conversationNameSchema });
export type RenameConversationInput = z.infer<typeof renameConversationInput>;

export const addParticipantsInput = z.object({
  conversationId,
  userIds: participantIds.min(1, 'Choose someone to add'),
});
export type AddParticipantsInput = z.infer<typeof addParticipantsInput>;

export const removeParticipantInput = z.object({ conversationId, userId: id });
export type RemoveParticipantInput = z.infer<typeof removeParticipantInput>;

export const setParticipantRoleInput = z.object({
  conversationId,
  userId: id,
  role: z.enum(participantRoles),
});
export type SetParticipantRoleInput = z.infer<typeof setParticipantRoleInput>;

const replyToId = id.optional();

export const sendMessageInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), conversationId, content: messageTextSchema, replyToId }),
  z.object({
    type: z.literal('image'),
    conversationId,
    content: captionSchema,
    imageUrls: z
      .array(imageUrl)
      .min(1, 'Add an image')
      .max(CHAT_LIMITS.imagesPerMessage, `Add at most ${CHAT_LIMITS.imagesPerMessage} images`),
    replyToId,
  }),
  z.object({
    type: z.literal('model_share'),
    conversationId,
    content: captionSchema,
    userModelId: id,
    replyToId,
  }),
  z.object({
    type: z.literal('battle_report_share'),
    conversationId,
    content: captionSchema,
    battleReportId: id,
    replyToId,
  }),
]);
export type SendMessageInput = z.infer<typeof sendMessageInput>;

export const editMessageInput = z.object({
  messageId: id,
  /** Text messages need text; for images and shares this is the caption and may be empty. */
  content: captionSchema,
});
export type EditMessageInput = z.infer<typeof editMessageInput>;

export const messageInput = z.object({ messageId: id });

export const reactionInput = z.object({ messageId: id, emoji: emojiSchema });
export type ReactionInput = z.infer<typeof reactionInput>;

export const markReadInput = z.object({
  conversationId,
  /** Read up to and including this message; everything up to now when absent. */
  messageId: id.optional(),
});
export type MarkReadInput = z.infer<typeof markReadInput>;

/** Opaque cursors handed out by the API; bounded so a forged one costs nothing. */
const cursor = z.string().min(1).max(200);

export const historyInput = z.object({
  conversationId,
  /** The `nextCursor` of the previous page (older messages). */
  cursor: cursor.optional(),
  limit: z.number().int().min(1).max(CHAT_LIMITS.historyPageSize).default(50),
});
export type HistoryInput = z.infer<typeof historyInput>;

export const listConversationsInput = z.object({
  cursor: cursor.optional(),
  limit: z.number().int().min(1).max(CHAT_LIMITS.conversationPageSize).default(20),
});
export type ListConversationsInput = z.infer<typeof listConversationsInput>;

/** A stream position as handed out in `tracked` ids: a decimal sequence number. */
export const lastEventIdSchema = z.string().regex(/^\d{1,18}$/, 'Not an event id');

export const chatEventsInput = z.object({ conversationId, lastEventId: lastEventIdSchema.optional() });
export type ChatEventsInput = z.infer<typeof chatEventsInput>;

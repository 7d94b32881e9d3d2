import {
  CHAT_LIMITS,
  type AddParticipantsInput,
  type ChatAttachment,
  type ChatEvent,
  type ChatEventsInput,
  type ChatMessage,
  type ChatParticipant,
  type ChatTypingEvent,
  type ConversationType,
  type CreateGroupConversationInput,
  type CreateHelpThreadInput,
  type EditMessageInput,
  type HistoryInput,
  type ListConversationsInput,
  type MarkReadInput,
  type ParticipantRole,
  type ReactionInput,
  type RemoveParticipantInput,
  type RenameConversationInput,
  type SendMessageInput,
  type SetParticipantRoleInput,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import type { Services, Viewer } from '../context.ts';
import { badInput, conflict, DomainError, forbidden, notFound } from '../errors.ts';
import { ephemeralStream, liveStream } from '../realtime/live-stream.ts';
import {
  publishToStream,
  streamHead,
  writeToStream,
  type Emit,
  type StoredStreamEvent,
  type Tx,
} from '../realtime/streams.ts';
import {
  otherParticipant,
  outranks,
  refuseIfBlocked,
  requireManageable,
  requireManager,
  requireParticipant,
  requireReachable,
  requireShareableBattleReport,
  requireShareableModel,
  requireVisibleMessage,
  type Membership,
} from './access.ts';
import { consumeSendQuota, takeTypingTurn } from './limits.ts';
import {
  conversationStream,
  hydrateChatEvents,
  loadMessages,
  participantSelect,
  storedPayload,
  toChatParticipant,
  typingChannel,
  type StoredChatEvent,
} from './payloads.ts';

type ChatServices = Pick<Services, 'db' | 'bus' | 'logger'>;

// ---------------------------------------------------------------------------------------------
// Writing to a conversation's stream
// ---------------------------------------------------------------------------------------------

const emitChat = (emit: Emit, event: StoredChatEvent) => emit(event.type, storedPayload(event));

/**
 * One transaction over the conversation's stream (its rows and its events commit together), then the
 * events go out on the bus. Publishing comes strictly after the commit, so a subscriber that hears of an
 * event can always read it back — and a failed publish loses nothing (see Bus).
 */
async function writeConversation<T>(
  services: ChatServices,
  conversationId: string,
  write: (tx: Tx, emit: (event: StoredChatEvent) => Promise<StoredStreamEvent>) => Promise<T>,
): Promise<T> {
  const streamKey = conversationStream(conversationId);
  const { result, events } = await writeToStream(services.db, streamKey, (tx, emit) =>
    write(tx, (event) => emitChat(emit, event)),
  );
  if (events.length > 0) {
    const payloads = await hydrateChatEvents(services.db, conversationId, events);
    for (const [index, event] of events.entries()) {
      const payload = payloads[index];
      if (payload) await publishToStream(services.bus, services.logger, streamKey, event.seq, payload);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------

export interface ConversationDetail {
  id: string;
  type: ConversationType;
  name: string | null;
  description: string | null;
  helpRequestId: string | null;
  createdAt: string;
  lastMessageAt: string;
  myRole: ParticipantRole;
  unreadCount: number;
  participants: ChatParticipant[];
  /** Subscribe to `chat.onEvent` from here to miss nothing that happened after this was read. */
  lastEventId: string;
}

export async function getConversation(
  db: Db,
  viewerId: string,
  conversationId: string,
): Promise<ConversationDetail> {
  const membership = await requireParticipant(db, conversationId, viewerId);
  const lastEventId = (await streamHead(db, conversationStream(conversationId))).toString();
  const [conversation, participants, unread] = await Promise.all([
    db.conversation.findUniqueOrThrow({ where: { id: conversationId } }),
    db.conversationParticipant.findMany({
      where: { conversationId, isActive: true },
      orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
      select: participantSelect,
    }),
    unreadCounts(db, viewerId, [conversationId]),
  ]);
  return {
    id: conversation.id,
    type: conversation.type,
    name: conversation.name,
    description: conversation.description,
    helpRequestId: conversation.helpRequestId,
    createdAt: conversation.createdAt.toISOString(),
    lastMessageAt: conversation.lastMessageAt.toISOString(),
    myRole: membership.role,
    unreadCount: unread.get(conversationId) ?? 0,
    participants: participants.map(toChatParticipant),
    lastEventId,
  };
}

/** The direct conversation of two users: created on first call, the same one on every later call. */
export async function startDirectConversation(
  services: ChatServices,
  viewerId: string,
  otherUserId: string,
): Promise<ConversationDetail> {
  const { db } = services;
  if (otherUserId === viewerId) throw badInput('You cannot start a conversation with yourself', 'userId');
  // Hidden covers a block in either direction: the other person is, for the viewer, not there.
  await requireReachable(db, viewerId, otherUserId);
  const directKey = [viewerId, otherUserId].sort().join(':');
  const existing = await db.conversation.findFirst({ where: { directKey }, select: { id: true } });
  if (existing) return getConversation(db, viewerId, existing.id);
  try {
    const created = await db.conversation.create({
      data: {
        type: 'direct',
        directKey,
        createdById: viewerId,
        participants: { create: [{ userId: viewerId }, { userId: otherUserId }] },
      },
      select: { id: true },
    });
    return await getConversation(db, viewerId, created.id);
  } catch (error) {
    // Both users pressed "message" at once: the unique direct_key kept one; answer with it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await db.conversation.findFirstOrThrow({ where: { directKey }, select: { id: true } });
      return getConversation(db, viewerId, winner.id);
    }
    throw error;
  }
}

async function requireInvitable(db: Db, actorId: string, userIds: string[]): Promise<string[]> {
  const unique = [...new Set(userIds)].filter((id) => id !== actorId);
  for (const userId of unique) await requireReachable(db, actorId, userId);
  return unique;
}

export async function createGroupConversation(
  services: ChatServices,
  viewerId: string,
  input: CreateGroupConversationInput,
): Promise<ConversationDetail> {
  const invited = await requireInvitable(services.db, viewerId, input.participantIds);
  return createManagedConversation(services.db, viewerId, {
    type: 'group',
    name: input.name,
    description: input.description ?? null,
    helpRequestId: null,
    invited,
  });
}

/** A help thread; opened from a help request, its author joins it. */
export async function createHelpThread(
  services: ChatServices,
  viewerId: string,
  input: CreateHelpThreadInput,
): Promise<ConversationDetail> {
  const { db } = services;
  const invited = new Set(input.participantIds);
  if (input.helpRequestId) {
    const request = await db.helpRequest.findUnique({
      where: { id: input.helpRequestId },
      select: { userId: true },
    });
    if (!request) throw notFound('Help request');
    if (request.userId !== viewerId) {
      // A request whose author the viewer may not reach is, for them, not there.
      await requireReachable(db, viewerId, request.userId).catch(() => {
        throw notFound('Help request');
      });
      invited.add(request.userId);
    }
  }
  if (invited.size > CHAT_LIMITS.participantsPerCall)
    throw badInput('Too many participants', 'participantIds');
  return createManagedConversation(db, viewerId, {
    type: 'help_thread',
    name: input.name,
    description: null,
    helpRequestId: input.helpRequestId ?? null,
    invited: await requireInvitable(db, viewerId, [...invited]),
  });
}

async function createManagedConversation(
  db: Db,
  creatorId: string,
  fields: {
    type: 'group' | 'help_thread';
    name: string;
    description: string | null;
    helpRequestId: string | null;
    invited: string[];
  },
): Promise<ConversationDetail> {
  const created = await db.conversation.create({
    data: {
      type: fields.type,
      name: fields.name,
      description: fields.description,
      helpRequestId: fields.helpRequestId,
      createdById: creatorId,
      participants: {
        create: [
          { userId: creatorId, role: 'admin' },
          ...fields.invited.map((userId) => ({ userId, role: 'member' as const })),
        ],
      },
    },
    select: { id: true },
  });
  return getConversation(db, creatorId, created.id);
}

export async function renameConversation(
  services: ChatServices,
  viewerId: string,
  input: RenameConversationInput,
): Promise<{ name: string }> {
  requireManager(await requireParticipant(services.db, input.conversationId, viewerId));
  await writeConversation(services, input.conversationId, async (tx, emit) => {
    requireManager(await requireParticipant(tx, input.conversationId, viewerId));
    await tx.conversation.update({ where: { id: input.conversationId }, data: { name: input.name } });
    await emit({ type: 'conversation.renamed', name: input.name });
  });
  return { name: input.name };
}

export async function addParticipants(
  services: ChatServices,
  viewerId: string,
  input: AddParticipantsInput,
): Promise<{ added: ChatParticipant[] }> {
  const { db } = services;
  requireManager(await requireParticipant(db, input.conversationId, viewerId));
  const candidates = await requireInvitable(db, viewerId, input.userIds);
  const added = await writeConversation(services, input.conversationId, async (tx, emit) => {
    requireManager(await requireParticipant(tx, input.conversationId, viewerId));
    const existing = await tx.conversationParticipant.findMany({
      where: { conversationId: input.conversationId, userId: { in: candidates } },
      select: { userId: true, isActive: true },
    });
    const active = new Set(existing.filter((row) => row.isActive).map((row) => row.userId));
    const joining = candidates.filter((userId) => !active.has(userId));
    const count = await tx.conversationParticipant.count({
      where: { conversationId: input.conversationId, isActive: true },
    });
    if (count + joining.length > CHAT_LIMITS.participantsPerConversation)
      throw badInput(
        `A conversation has at most ${CHAT_LIMITS.participantsPerConversation} participants`,
        'userIds',
      );
    const participants: ChatParticipant[] = [];
    for (const userId of joining) {
      // Someone who left or was removed comes back as a member with a fresh read position.
      const row = await tx.conversationParticipant.upsert({
        where: { conversationId_userId: { conversationId: input.conversationId, userId } },
        create: { conversationId: input.conversationId, userId, role: 'member' },
        update: { isActive: true, role: 'member', joinedAt: new Date(), lastReadAt: new Date() },
        select: participantSelect,
      });
      const participant = toChatParticipant(row);
      participants.push(participant);
      await emit({ type: 'participant.added', participant });
    }
    return participants;
  });
  return { added };
}

export async function removeParticipant(
  services: ChatServices,
  viewerId: string,
  input: RemoveParticipantInput,
): Promise<{ removed: boolean }> {
  if (input.userId === viewerId) throw badInput('To leave the conversation, use leave', 'userId');
  requireManager(await requireParticipant(services.db, input.conversationId, viewerId));
  return writeConversation(services, input.conversationId, async (tx, emit) => {
    const actor = await requireParticipant(tx, input.conversationId, viewerId);
    requireManager(actor);
    const target = await requireParticipant(tx, input.conversationId, input.userId).catch(() => {
      throw notFound('Participant');
    });
    if (!outranks(actor.role, target.role))
      throw forbidden('Moderators can remove members only; ask an admin');
    await deactivate(tx, emit, input.conversationId, input.userId, 'removed');
    return { removed: true };
  });
}

export async function leaveConversation(
  services: ChatServices,
  viewerId: string,
  conversationId: string,
): Promise<{ left: boolean }> {
  requireManageable(await requireParticipant(services.db, conversationId, viewerId));
  return writeConversation(services, conversationId, async (tx, emit) => {
    const membership = await requireParticipant(tx, conversationId, viewerId);
    await deactivate(tx, emit, conversationId, viewerId, 'left');
    if (membership.role === 'admin') await keepAnAdmin(tx, emit, conversationId);
    return { left: true };
  });
}

async function deactivate(
  tx: Tx,
  emit: (event: StoredChatEvent) => Promise<unknown>,
  conversationId: string,
  userId: string,
  reason: 'left' | 'removed',
): Promise<void> {
  await tx.conversationParticipant.update({
    where: { conversationId_userId: { conversationId, userId } },
    data: { isActive: false },
  });
  await emit({ type: 'participant.removed', userId, reason });
}

/** When the last admin leaves, the longest-standing moderator (else member) takes over. */
async function keepAnAdmin(
  tx: Tx,
  emit: (event: StoredChatEvent) => Promise<unknown>,
  conversationId: string,
) {
  const remaining = await tx.conversationParticipant.findMany({
    where: { conversationId, isActive: true },
    orderBy: [{ joinedAt: 'asc' }, { userId: 'asc' }],
    select: { userId: true, role: true },
  });
  if (remaining.length === 0 || remaining.some((p) => p.role === 'admin')) return;
  const successor = remaining.find((p) => p.role === 'moderator') ?? remaining[0]!;
  await tx.conversationParticipant.update({
    where: { conversationId_userId: { conversationId, userId: successor.userId } },
    data: { role: 'admin' },
  });
  await emit({ type: 'participant.role_changed', userId: successor.userId, role: 'admin' });
}

export async function setParticipantRole(
  services: ChatServices,
  viewerId: string,
  input: SetParticipantRoleInput,
): Promise<{ role: ParticipantRole }> {
  const requireAdmin = (membership: Membership) => {
    requireManageable(membership);
    if (membership.role !== 'admin') throw forbidden('Only admins can change roles');
  };
  if (input.userId === viewerId) throw badInput('You cannot change your own role', 'userId');
  requireAdmin(await requireParticipant(services.db, input.conversationId, viewerId));
  return writeConversation(services, input.conversationId, async (tx, emit) => {
    requireAdmin(await requireParticipant(tx, input.conversationId, viewerId));
    const target = await requireParticipant(tx, input.conversationId, input.userId).catch(() => {
      throw notFound('Participant');
    });
    if (target.role !== input.role) {
      await tx.conversationParticipant.update({
        where: { conversationId_userId: { conversationId: input.conversationId, userId: input.userId } },
        data: { role: input.role },
      });
      await emit({ type: 'participant.role_changed', userId: input.userId, role: input.role });
    }
    return { role: input.role };
  });
}

// ---------------------------------------------------------------------------------------------
// The conversation list and unread counts
// ---------------------------------------------------------------------------------------------

export interface ConversationSummary {
  id: string;
  type: ConversationType;
  name: string | null;
  helpRequestId: string | null;
  myRole: ParticipantRole;
  lastMessageAt: string;
  unreadCount: number;
  lastMessage: ChatMessage | null;
  participantCount: number;
  /** The first participants by join time (a direct conversation's other person is always here). */
  participants: ChatParticipant[];
}

const LIST_PARTICIPANTS = 10;

/**
 * Messages after the viewer's read position, by others, not deleted — per conversation. Compared in
 * SQL, at the database's microsecond precision, never through a JavaScript Date.
 */
async function unreadCounts(
  db: Db,
  viewerId: string,
  conversationIds: string[],
): Promise<Map<string, number>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ conversation_id: string; unread: number }[]>`
    SELECT p.conversation_id, count(m.id)::int AS unread
    FROM conversation_participants p
    LEFT JOIN messages m ON m.conversation_id = p.conversation_id AND m.created_at > p.last_read_at
      AND m.user_id <> p.user_id AND m.deleted_at IS NULL
    WHERE p.user_id = ${viewerId}::uuid AND p.conversation_id = ANY(${conversationIds}::uuid[])
    GROUP BY p.conversation_id`;
  return new Map(rows.map((row) => [row.conversation_id, row.unread]));
}

// A list cursor is "<last_message_at in microseconds since the epoch>.<conversation id>": exact, so a
// page never repeats or skips a row because of JavaScript's millisecond dates. Ids are checked as UUIDs
// before they reach a ::uuid cast, so a forged cursor is bad input, not a database error.
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const LIST_CURSOR = new RegExp(`^(\\d{1,17})\\.(${UUID})$`);
const MESSAGE_CURSOR = new RegExp(`^${UUID}$`);

export async function listConversations(
  db: Db,
  viewerId: string,
  input: ListConversationsInput,
): Promise<{ items: ConversationSummary[]; nextCursor: string | null }> {
  let after: { micros: bigint; id: string } | null = null;
  if (input.cursor) {
    const match = LIST_CURSOR.exec(input.cursor);
    if (!match) throw badInput('That page cursor is not valid', 'cursor');
    after = { micros: BigInt(match[1]!), id: match[2]! };
  }
  const rows = await db.$queryRaw<
    {
      id: string;
      type: ConversationType;
      name: string | null;
      help_request_id: string | null;
      last_message_at: Date;
      micros: bigint;
      role: ParticipantRole;
      last_message_id: string | null;
      participant_count: number;
    }[]
  >`
    SELECT c.id, c.type, c.name, c.help_request_id, c.last_message_at,
      (extract(epoch FROM c.last_message_at) * 1000000)::bigint AS micros, p.role,
      (SELECT m.id FROM messages m WHERE m.conversation_id = c.id
        ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_message_id,
      (SELECT count(*)::int FROM conversation_participants cp
        WHERE cp.conversation_id = c.id AND cp.is_active) AS participant_count
    FROM conversation_participants p
    JOIN conversations c ON c.id = p.conversation_id AND c.is_active
    WHERE p.user_id = ${viewerId}::uuid AND p.is_active ${
      after
        ? Prisma.sql`AND ((extract(epoch FROM c.last_message_at) * 1000000)::bigint, c.id)
            < (${after.micros}::bigint, ${after.id}::uuid)`
        : Prisma.empty
    }
    ORDER BY c.last_message_at DESC, c.id DESC
    LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit);
  const ids = page.map((row) => row.id);
  const [unread, lastMessages, participants] = await Promise.all([
    unreadCounts(db, viewerId, ids),
    loadMessages(
      db,
      page.flatMap((row) => row.last_message_id ?? []),
    ),
    firstParticipants(db, ids),
  ]);
  const messagesById = new Map(lastMessages.map((message) => [message.id, message]));
  const items = page.map((row) => ({
    id: row.id,
    type: row.type,
    name: row.name,
    helpRequestId: row.help_request_id,
    myRole: row.role,
    lastMessageAt: row.last_message_at.toISOString(),
    unreadCount: unread.get(row.id) ?? 0,
    lastMessage: (row.last_message_id && messagesById.get(row.last_message_id)) || null,
    participantCount: row.participant_count,
    participants: participants.get(row.id) ?? [],
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? `${last.micros}.${last.id}` : null };
}

async function firstParticipants(db: Db, conversationIds: string[]): Promise<Map<string, ChatParticipant[]>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.$queryRaw<
    {
      conversation_id: string;
      id: string;
      username: string;
      avatar_url: string | null;
      role: ParticipantRole;
      joined_at: Date;
    }[]
  >`
    SELECT conversation_id, id, username, avatar_url, role, joined_at FROM (
      SELECT cp.conversation_id, u.id, u.username, u.avatar_url, cp.role, cp.joined_at,
        row_number() OVER (PARTITION BY cp.conversation_id ORDER BY cp.joined_at, cp.user_id) AS position
      FROM conversation_participants cp JOIN users u ON u.id = cp.user_id
      WHERE cp.conversation_id = ANY(${conversationIds}::uuid[]) AND cp.is_active
    ) ranked
    WHERE position <= ${LIST_PARTICIPANTS}
    ORDER BY conversation_id, position`;
  const byConversation = new Map<string, ChatParticipant[]>();
  for (const row of rows) {
    const list = byConversation.get(row.conversation_id) ?? [];
    list.push({
      id: row.id,
      username: row.username,
      avatarUrl: row.avatar_url,
      role: row.role,
      joinedAt: row.joined_at.toISOString(),
    });
    byConversation.set(row.conversation_id, list);
  }
  return byConversation;
}

/** Moves the viewer's read position forward (never back) and tells the others. */
export async function markRead(
  services: ChatServices,
  viewerId: string,
  input: MarkReadInput,
): Promise<{ lastReadAt: string; unreadCount: number }> {
  const { db } = services;
  await requireParticipant(db, input.conversationId, viewerId);
  if (input.messageId) {
    const inConversation = await db.message.count({
      where: { id: input.messageId, conversationId: input.conversationId },
    });
    if (inConversation === 0) throw badInput('That message is not in this conversation', 'messageId');
  }
  await writeConversation(services, input.conversationId, async (tx, emit) => {
    const moved = await tx.$queryRaw<{ last_read_at: Date }[]>`
      UPDATE conversation_participants p SET last_read_at = target.at
      FROM (SELECT CASE WHEN ${input.messageId ?? null}::uuid IS NULL THEN clock_timestamp()
              ELSE (SELECT created_at FROM messages WHERE id = ${input.messageId ?? null}::uuid) END AS at) target
      WHERE p.conversation_id = ${input.conversationId}::uuid AND p.user_id = ${viewerId}::uuid
        AND p.is_active AND p.last_read_at < target.at
      RETURNING p.last_read_at`;
    const lastReadAt = moved[0]?.last_read_at;
    if (lastReadAt) await emit({ type: 'read', userId: viewerId, lastReadAt: lastReadAt.toISOString() });
  });
  const [participant, unread] = await Promise.all([
    db.conversationParticipant.findUniqueOrThrow({
      where: { conversationId_userId: { conversationId: input.conversationId, userId: viewerId } },
      select: { lastReadAt: true },
    }),
    unreadCounts(db, viewerId, [input.conversationId]),
  ]);
  return {
    lastReadAt: participant.lastReadAt.toISOString(),
    unreadCount: unread.get(input.conversationId) ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export async function history(
  db: Db,
  viewerId: string,
  input: HistoryInput,
): Promise<{ items: ChatMessage[]; nextCursor: string | null; lastEventId: string }> {
  await requireParticipant(db, input.conversationId, viewerId);
  // Read before the messages: whatever commits after this is replayed to a subscriber that starts here.
  const lastEventId = (await streamHead(db, conversationStream(input.conversationId))).toString();
  let cursorId: string | null = null;
  if (input.cursor) {
    const inConversation = MESSAGE_CURSOR.test(input.cursor)
      ? await db.message.count({ where: { id: input.cursor, conversationId: input.conversationId } })
      : 0;
    if (inConversation === 0) throw badInput('That page cursor is not valid', 'cursor');
    cursorId = input.cursor;
  }
  // Newest first; the cursor is the last message of the previous page, compared at full precision in SQL.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM messages m
    WHERE m.conversation_id = ${input.conversationId}::uuid
      AND (${cursorId}::uuid IS NULL
        OR (m.created_at, m.id) < (SELECT c.created_at, c.id FROM messages c WHERE c.id = ${cursorId}::uuid))
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${input.limit + 1}`;
  const pageIds = rows.slice(0, input.limit).map((row) => row.id);
  const items = await loadMessages(db, pageIds);
  return { items, nextCursor: rows.length > input.limit ? (pageIds.at(-1) ?? null) : null, lastEventId };
}

function attachmentsOf(input: SendMessageInput): ChatAttachment[] {
  switch (input.type) {
    case 'text':
      return [];
    case 'image':
      return input.imageUrls.map((url) => ({ kind: 'image', url }));
    case 'model_share':
      return [{ kind: 'user_model', userModelId: input.userModelId }];
    case 'battle_report_share':
      return [{ kind: 'battle_report', battleReportId: input.battleReportId }];
  }
}

/** Blocked users cannot message each other: in a direct conversation, a block stops every write. */
async function refuseIfDirectAndBlocked(db: Db, membership: Membership, viewerId: string): Promise<void> {
  if (membership.type !== 'direct') return;
  const other = await otherParticipant(db, membership.conversationId, viewerId);
  if (other) await refuseIfBlocked(db, viewerId, other);
}

export async function sendMessage(
  services: Services,
  viewer: Pick<Viewer, 'userId'>,
  input: SendMessageInput,
): Promise<ChatMessage> {
  const { db } = services;
  await consumeSendQuota(services, viewer.userId);
  const membership = await requireParticipant(db, input.conversationId, viewer.userId);
  await refuseIfDirectAndBlocked(db, membership, viewer.userId);
  if (input.replyToId) {
    const inConversation = await db.message.count({
      where: { id: input.replyToId, conversationId: input.conversationId },
    });
    if (inConversation === 0)
      throw badInput('You can only reply to a message in this conversation', 'replyToId');
  }
  if (input.type === 'model_share') await requireShareableModel(db, viewer.userId, input.userModelId);
  if (input.type === 'battle_report_share')
    await requireShareableBattleReport(db, viewer.userId, input.battleReportId);
  const attachments = JSON.stringify(attachmentsOf(input));

  const messageId = await writeConversation(services, input.conversationId, async (tx, emit) => {
    // Checked again under the stream lock: a removal that committed first wins.
    await requireParticipant(tx, input.conversationId, viewer.userId);
    // clock_timestamp(), taken under the lock, keeps created_at in the same order as the stream.
    const [inserted] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO messages (conversation_id, user_id, content, message_type, reply_to_id, attachments, created_at)
      VALUES (${input.conversationId}::uuid, ${viewer.userId}::uuid, ${input.content},
        ${input.type}::message_type_enum, ${input.replyToId ?? null}::uuid, ${attachments}::jsonb, clock_timestamp())
      RETURNING id`;
    const id = inserted!.id;
    await tx.$executeRaw`
      UPDATE conversations c SET last_message_at = m.created_at FROM messages m
      WHERE m.id = ${id}::uuid AND c.id = m.conversation_id`;
    // Your own message is read by you.
    await tx.$executeRaw`
      UPDATE conversation_participants p SET last_read_at = m.created_at FROM messages m
      WHERE m.id = ${id}::uuid AND p.conversation_id = m.conversation_id AND p.user_id = ${viewer.userId}::uuid
        AND p.last_read_at < m.created_at`;
    await emit({ type: 'message.created', messageId: id });
    return id;
  });
  const [message] = await loadMessages(db, [messageId]);
  return message!;
}

export async function editMessage(
  services: ChatServices,
  viewerId: string,
  input: EditMessageInput,
): Promise<ChatMessage> {
  const { db } = services;
  const { message } = await requireVisibleMessage(db, input.messageId, viewerId);
  if (message.userId !== viewerId) throw forbidden('Only the author can edit a message');
  if (message.deletedAt) throw conflict('This message was deleted');
  if (message.messageType === 'text' && input.content.length === 0)
    throw badInput('Write a message', 'content');
  await writeConversation(services, message.conversationId, async (tx, emit) => {
    const edited = await tx.$executeRaw`
      UPDATE messages SET content = ${input.content}, edited_at = clock_timestamp()
      WHERE id = ${message.id}::uuid AND deleted_at IS NULL`;
    if (edited === 0) throw conflict('This message was deleted');
    await emit({ type: 'message.edited', messageId: message.id });
  });
  const [updated] = await loadMessages(db, [message.id]);
  return updated!;
}

/** Soft delete: the text, attachments and reactions go, a placeholder keeps the message's place. */
export async function deleteMessage(
  services: ChatServices,
  viewerId: string,
  messageId: string,
): Promise<ChatMessage> {
  const { db } = services;
  const { message, membership } = await requireVisibleMessage(db, messageId, viewerId);
  const moderates = membership.type !== 'direct' && membership.role !== 'member';
  if (message.userId !== viewerId && !moderates)
    throw forbidden('Only the author or a moderator can delete a message');
  if (!message.deletedAt) {
    await writeConversation(services, message.conversationId, async (tx, emit) => {
      const deleted = await tx.$executeRaw`
        UPDATE messages SET content = '', attachments = '[]'::jsonb, deleted_at = clock_timestamp()
        WHERE id = ${message.id}::uuid AND deleted_at IS NULL`;
      if (deleted === 0) return; // deleted by someone else a moment ago: nothing more to say
      await tx.messageReaction.deleteMany({ where: { messageId: message.id } });
      await emit({ type: 'message.deleted', messageId: message.id });
    });
  }
  const [current] = await loadMessages(db, [message.id]);
  return current!;
}

export async function addReaction(
  services: ChatServices,
  viewerId: string,
  input: ReactionInput,
): Promise<{ changed: boolean }> {
  const { db } = services;
  const { message, membership } = await requireVisibleMessage(db, input.messageId, viewerId);
  if (message.deletedAt) throw conflict('This message was deleted');
  await refuseIfDirectAndBlocked(db, membership, viewerId);
  const changed = await writeConversation(services, message.conversationId, async (tx, emit) => {
    const mine = await tx.messageReaction.findMany({
      where: { messageId: message.id, userId: viewerId },
      select: { emoji: true },
    });
    if (mine.some((reaction) => reaction.emoji === input.emoji)) return false;
    if (mine.length >= CHAT_LIMITS.reactionsPerUserPerMessage)
      throw badInput(`At most ${CHAT_LIMITS.reactionsPerUserPerMessage} reactions per message`, 'emoji');
    // Concurrent identical reactions serialise on the stream lock; the key keeps it to one row anyway.
    const inserted = await tx.$executeRaw`
      INSERT INTO message_reactions (message_id, user_id, emoji)
      SELECT ${message.id}::uuid, ${viewerId}::uuid, ${input.emoji}
      WHERE EXISTS (SELECT 1 FROM messages WHERE id = ${message.id}::uuid AND deleted_at IS NULL)
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return false;
    await emit({ type: 'reaction.added', messageId: message.id, userId: viewerId, emoji: input.emoji });
    return true;
  });
  return { changed };
}

export async function removeReaction(
  services: ChatServices,
  viewerId: string,
  input: ReactionInput,
): Promise<{ changed: boolean }> {
  const { message } = await requireVisibleMessage(services.db, input.messageId, viewerId);
  const changed = await writeConversation(services, message.conversationId, async (tx, emit) => {
    const removed = await tx.messageReaction.deleteMany({
      where: { messageId: message.id, userId: viewerId, emoji: input.emoji },
    });
    if (removed.count === 0) return false;
    await emit({ type: 'reaction.removed', messageId: message.id, userId: viewerId, emoji: input.emoji });
    return true;
  });
  return { changed };
}

// ---------------------------------------------------------------------------------------------
// Real time
// ---------------------------------------------------------------------------------------------

const noLongerParticipant = () =>
  new DomainError('FORBIDDEN', 'You are no longer a participant of this conversation');

/** The viewer's removal (or leaving) ends their subscriptions at once. */
const endsAccessFor = (viewerId: string) => (event: unknown) => {
  const { type, userId } = event as { type?: unknown; userId?: unknown };
  return type === 'participant.removed' && userId === viewerId ? noLongerParticipant() : null;
};

/** Access was checked by the caller; checked again inside once the stream position is fixed. */
export function conversationEvents(
  services: ChatServices,
  viewerId: string,
  input: ChatEventsInput,
  signal: AbortSignal | undefined,
) {
  const { db } = services;
  return liveStream<ChatEvent>({
    bus: services.bus,
    db,
    streamKey: conversationStream(input.conversationId),
    lastEventId: input.lastEventId,
    signal,
    authorize: async () => {
      await requireParticipant(db, input.conversationId, viewerId).catch(() => {
        throw noLongerParticipant();
      });
    },
    hydrate: (rows) => hydrateChatEvents(db, input.conversationId, rows),
    endsAccess: endsAccessFor(viewerId),
  });
}

export function typingEvents(
  services: ChatServices,
  viewerId: string,
  conversationId: string,
  signal: AbortSignal | undefined,
) {
  return ephemeralStream<ChatTypingEvent>({
    bus: services.bus,
    channel: typingChannel(conversationId),
    signal,
    accept: (event) => event.user?.id !== viewerId,
    revokedBy: { streamKey: conversationStream(conversationId), endsAccess: endsAccessFor(viewerId) },
  });
}

/** Tells the others the viewer is typing; dropped (not an error) when they were told moments ago. */
export async function signalTyping(
  services: Services,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  conversationId: string,
): Promise<{ forwarded: boolean }> {
  const membership = await requireParticipant(services.db, conversationId, viewer.userId);
  if (!takeTypingTurn(services, viewer.userId, conversationId)) return { forwarded: false };
  await refuseIfDirectAndBlocked(services.db, membership, viewer.userId);
  const event: ChatTypingEvent = {
    conversationId,
    user: { id: viewer.userId, username: viewer.username },
    at: new Date().toISOString(),
  };
  await services.bus.publish(typingChannel(conversationId), event);
  return { forwarded: true };
}

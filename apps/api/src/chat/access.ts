import type { ConversationType, ParticipantRole } from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import { accessToOwner, canViewOwner, relationshipBetween } from '../access/visibility.ts';
import { badInput, forbidden, notFound } from '../errors.ts';
import type { Tx } from '../realtime/streams.ts';

export interface Membership {
  conversationId: string;
  type: ConversationType;
  role: ParticipantRole;
}

/**
 * The viewer's active place in a conversation. Anyone else gets NOT_FOUND, the same answer as for a
 * conversation that does not exist, so ids cannot be probed.
 */
export async function requireParticipant(
  db: Db | Tx,
  conversationId: string,
  userId: string,
): Promise<Membership> {
  const row = await db.conversationParticipant.findUnique({
    where: { conversationId_userId: { conversationId, userId } },
    select: { role: true, isActive: true, conversation: { select: { type: true, isActive: true } } },
  });
  if (!row?.isActive || !row.conversation.isActive) throw notFound('Conversation');
  return { conversationId, type: row.conversation.type, role: row.role };
}

/** A message the viewer may act on: one in a conversation they take part in, or NOT_FOUND. */
export async function requireVisibleMessage(db: Db, messageId: string, userId: string) {
  const message = await db.message.findUnique({
    where: { id: messageId },
    select: { id: true, conversationId: true, userId: true, messageType: true, deletedAt: true },
  });
  if (!message) throw notFound('Message');
  const membership = await requireParticipant(db, message.conversationId, userId).catch(() => {
    throw notFound('Message');
  });
  return { message, membership };
}

const RANK: Record<ParticipantRole, number> = { admin: 3, moderator: 2, member: 1 };

/** Groups and help threads are managed by their admins and moderators; direct conversations are not. */
export function requireManager(membership: Membership): void {
  requireManageable(membership);
  if (RANK[membership.role] < RANK.moderator)
    throw forbidden('Only admins and moderators can manage this conversation');
}

export function requireManageable(membership: Membership): void {
  if (membership.type === 'direct') throw badInput('A direct conversation has no participants to manage');
}

/** An admin may remove anyone else; a moderator only members. */
export const outranks = (actor: ParticipantRole, target: ParticipantRole) =>
  actor === 'admin' || RANK[actor] > RANK[target];

/** The other person of a direct conversation. */
export async function otherParticipant(
  db: Db,
  conversationId: string,
  userId: string,
): Promise<string | null> {
  const other = await db.conversationParticipant.findFirst({
    where: { conversationId, userId: { not: userId } },
    select: { userId: true },
  });
  return other?.userId ?? null;
}

/** Blocked users cannot message each other (in either direction). */
export async function refuseIfBlocked(db: Db, userId: string, otherUserId: string): Promise<void> {
  if ((await relationshipBetween(db, userId, otherUserId)).blockedEitherWay)
    throw forbidden('You cannot message this user');
}

/**
 * Someone the actor may start a conversation with or add to one: visible to them under the one
 * visibility rule (not blocked either way, active, not private to them). Otherwise NOT_FOUND, as for an
 * account that does not exist.
 */
export async function requireReachable(db: Db, actorId: string, userId: string): Promise<void> {
  if ((await accessToOwner(db, actorId, userId)) === 'hidden') throw notFound('User');
}

/** A model may be shared by someone who may see it: its owner, or anyone when it is public and its owner visible. */
export async function requireShareableModel(db: Db, viewerId: string, userModelId: string): Promise<void> {
  const model = await db.userModel.findUnique({
    where: { id: userModelId },
    select: { userId: true, isPublic: true },
  });
  const visible =
    model &&
    (model.userId === viewerId || (model.isPublic && (await canViewOwner(db, viewerId, model.userId))));
  if (!visible) throw notFound('Model');
}

/** A battle report follows its own visibility (public / friends / private) within the owner rule. */
export async function requireShareableBattleReport(db: Db, viewerId: string, battleReportId: string) {
  const report = await db.battleReport.findUnique({
    where: { id: battleReportId },
    select: { userId: true, visibility: true },
  });
  let visible = report?.userId === viewerId;
  if (report && !visible && report.visibility !== 'private') {
    const ownerVisible = await canViewOwner(db, viewerId, report.userId);
    visible =
      ownerVisible &&
      (report.visibility === 'public' || (await relationshipBetween(db, viewerId, report.userId)).friend);
  }
  if (!visible) throw notFound('Battle report');
}

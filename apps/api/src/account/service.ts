import { ACCOUNT_DELETION_GRACE_DAYS, type RequestDeletionInput } from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import { recordAudit } from '../audit/service.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { familyOfSession, revokeAllCredentials } from '../auth/revocation.ts';
import type { RequestMeta, Services, Viewer } from '../context.ts';
import { badInput, notFound } from '../errors.ts';
import { keyFromUrl, thumbnailKeyFor, type Storage } from '../infra/storage.ts';

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/**
 * One exporter per table, each reading only rows that belong to the user. A feature that adds a
 * table adds its exporter here. Secrets never leave: no password or token hashes (a session's id IS
 * its token hash), no encrypted OAuth tokens, no push tokens. Rows other users wrote are left out,
 * except the bare fact that someone follows or befriended the user; who blocked them is not told.
 */
const exporters = {
  profile: (db: Db, userId: string) =>
    db.user.findUniqueOrThrow({
      where: { id: userId },
      omit: { passwordHash: true },
    }),
  linkedAccounts: (db: Db, userId: string) =>
    db.oAuthProvider.findMany({
      where: { userId },
      select: { provider: true, email: true, createdAt: true, updatedAt: true },
    }),
  devices: (db: Db, userId: string) =>
    db.userDevice.findMany({ where: { userId }, omit: { pushToken: true } }),
  sessions: (db: Db, userId: string) =>
    db.session.findMany({
      where: { userId },
      select: {
        createdAt: true,
        lastUsedAt: true,
        expiresAt: true,
        ipAddress: true,
        userAgent: true,
        deviceId: true,
      },
    }),
  refreshTokens: (db: Db, userId: string) =>
    db.refreshToken.findMany({
      where: { userId },
      select: {
        deviceId: true,
        createdAt: true,
        lastUsedAt: true,
        expiresAt: true,
        isRevoked: true,
        revokedAt: true,
        revokedReason: true,
        ipAddress: true,
        userAgent: true,
      },
    }),
  collection: (db: Db, userId: string) =>
    db.userModel.findMany({
      where: { userId },
      include: {
        photos: { omit: { storageKey: true, thumbnailStorageKey: true } },
        paintingHistory: true,
        paintingSessions: true,
        customFieldValues: true,
      },
    }),
  customFields: (db: Db, userId: string) => db.customField.findMany({ where: { userId } }),
  armies: (db: Db, userId: string) => db.army.findMany({ where: { userId }, include: { models: true } }),
  wishlists: (db: Db, userId: string) =>
    db.wishlist.findMany({ where: { userId }, include: { items: true } }),
  comments: (db: Db, userId: string) => db.comment.findMany({ where: { userId } }),
  modelLikes: (db: Db, userId: string) => db.modelLike.findMany({ where: { userId } }),
  battleReportLikes: (db: Db, userId: string) => db.battleReportLike.findMany({ where: { userId } }),
  battleReports: (db: Db, userId: string) => db.battleReport.findMany({ where: { userId } }),
  helpRequests: (db: Db, userId: string) => db.helpRequest.findMany({ where: { userId } }),
  helpAnswers: (db: Db, userId: string) => db.helpAnswer.findMany({ where: { userId } }),
  helpUpvotes: (db: Db, userId: string) => db.helpUpvote.findMany({ where: { userId } }),
  relationships: async (db: Db, userId: string) => ({
    mine: await db.userRelationship.findMany({
      where: { followerId: userId },
      select: {
        followingId: true,
        relationshipType: true,
        createdAt: true,
        following: { select: { username: true } },
      },
    }),
    followers: await db.userRelationship.findMany({
      where: { followingId: userId, relationshipType: { in: ['follow', 'friend'] } },
      select: {
        followerId: true,
        relationshipType: true,
        createdAt: true,
        follower: { select: { username: true } },
      },
    }),
  }),
  friendRequests: (db: Db, userId: string) =>
    db.friendRequest.findMany({ where: { OR: [{ requesterId: userId }, { addresseeId: userId }] } }),
  conversations: (db: Db, userId: string) =>
    db.conversationParticipant.findMany({
      where: { userId },
      select: {
        conversationId: true,
        role: true,
        joinedAt: true,
        lastReadAt: true,
        isActive: true,
        conversation: { select: { type: true, name: true, createdAt: true } },
      },
    }),
  messages: (db: Db, userId: string) => db.message.findMany({ where: { userId } }),
  messageReactions: (db: Db, userId: string) => db.messageReaction.findMany({ where: { userId } }),
  notifications: (db: Db, userId: string) => db.notification.findMany({ where: { userId } }),
  activities: (db: Db, userId: string) => db.activity.findMany({ where: { userId } }),
  achievements: (db: Db, userId: string) =>
    db.userAchievement.findMany({ where: { userId }, include: { achievement: { select: { name: true } } } }),
  priceAlerts: (db: Db, userId: string) => db.priceAlert.findMany({ where: { userId } }),
  aiRecommendations: (db: Db, userId: string) => db.aiRecommendation.findMany({ where: { userId } }),
} satisfies Record<string, (db: Db, userId: string) => Promise<unknown>>;

export type ExportedTable = keyof typeof exporters;
export const EXPORTED_TABLES = Object.keys(exporters) as ExportedTable[];

/** JSON as it goes over the wire: Decimals and BigInts as strings, dates as ISO strings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AccountExport {
  format: 'plastic-crack-account-export/1';
  exportedAt: string;
  userId: string;
  data: Record<ExportedTable, JsonValue>;
}

function toJson(value: unknown): JsonValue {
  return JSON.parse(
    JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)),
  ) as JsonValue;
}

/**
 * Everything the user owns, table by table. One table after another, not in parallel and not in one
 * long transaction: an export must not hog the pool, and it needs no cross-table snapshot.
 */
export async function exportAccount(db: Db, userId: string): Promise<AccountExport> {
  const entries: [ExportedTable, JsonValue][] = [];
  for (const table of EXPORTED_TABLES) entries.push([table, toJson(await exporters[table](db, userId))]);
  const data = Object.fromEntries(entries) as Record<ExportedTable, JsonValue>;
  return { format: 'plastic-crack-account-export/1', exportedAt: new Date().toISOString(), userId, data };
}

// ---------------------------------------------------------------------------------------------
// Deletion
// ---------------------------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DeletionStatus {
  deletionScheduledAt: Date | null;
}

/**
 * Schedules the account's deletion ACCOUNT_DELETION_GRACE_DAYS ahead once the user proves it is them
 * (password — a wrong one counts as a failed sign-in — or the username for OAuth-only accounts), and
 * signs out every other session and app sign-in, so a stolen one cannot cancel it. Asking again
 * keeps the date already set.
 */
export async function requestDeletion(
  deps: Pick<Services, 'db' | 'sockets' | 'rateLimits'>,
  viewer: Pick<Viewer, 'userId' | 'sessionId'>,
  input: RequestDeletionInput,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
  now = new Date(),
): Promise<DeletionStatus> {
  const { db } = deps;
  const user = await db.user.findUnique({
    where: { id: viewer.userId },
    select: { username: true, passwordHash: true, deletionScheduledAt: true },
  });
  if (!user) throw notFound('Account');
  if (user.passwordHash) {
    if (input.password === undefined) throw badInput('Enter your password to confirm', 'password');
    await deps.rateLimits.consume('signInFailuresPerAccount', viewer.userId);
    if (!(await verifyPassword(user.passwordHash, input.password)))
      throw badInput('That password is not right', 'password');
    await deps.rateLimits.reset('signInFailuresPerAccount', viewer.userId);
  } else if (input.confirmUsername?.toLowerCase() !== user.username.toLowerCase()) {
    throw badInput('Type your username exactly to confirm', 'confirmUsername');
  }

  const deletionScheduledAt =
    user.deletionScheduledAt ?? new Date(now.getTime() + ACCOUNT_DELETION_GRACE_DAYS * DAY_MS);
  await db.user.update({ where: { id: viewer.userId }, data: { deletionScheduledAt } });
  const familyId = await familyOfSession(db, viewer.sessionId);
  await revokeAllCredentials(deps, viewer.userId, 'logout', { sessionId: viewer.sessionId, familyId });
  await recordAudit(db, meta, {
    userId: viewer.userId,
    action: 'auth.sessions_revoked',
    tableName: 'users',
    recordId: viewer.userId,
    newValues: {
      reason: 'account_deletion_requested',
      deletionScheduledAt: deletionScheduledAt.toISOString(),
    },
  });
  return { deletionScheduledAt };
}

/** Keeps the account: a signed-in user (the sign-in itself proves it is them) clears the date. */
export async function cancelDeletion(db: Db, userId: string): Promise<DeletionStatus> {
  await db.user.update({ where: { id: userId }, data: { deletionScheduledAt: null } });
  return { deletionScheduledAt: null };
}

export interface PurgeResult {
  purgedUserIds: string[];
}

/**
 * Deletes accounts whose deletion time has passed (their rows go by ON DELETE CASCADE; audit rows
 * stay with user_id NULL), then their stored files. Each delete re-checks the date, so a
 * cancellation racing the purge wins. Safe to run on several nodes at once.
 */
export async function purgeDueDeletions(
  db: Db,
  options: { storage?: Storage; now?: Date; batchSize?: number } = {},
): Promise<PurgeResult> {
  const now = options.now ?? new Date();
  const due = await db.user.findMany({
    where: { deletionScheduledAt: { lte: now } },
    select: {
      id: true,
      avatarUrl: true,
      models: { select: { photos: { select: { storageKey: true, thumbnailStorageKey: true } } } },
    },
    orderBy: { deletionScheduledAt: 'asc' },
    take: options.batchSize ?? 100,
  });
  const purgedUserIds: string[] = [];
  for (const user of due) {
    const { count } = await db.user.deleteMany({ where: { id: user.id, deletionScheduledAt: { lte: now } } });
    if (count === 0) continue;
    purgedUserIds.push(user.id);
    if (!options.storage) continue;
    const avatarKey = keyFromUrl(user.avatarUrl);
    const keys = [
      ...(avatarKey ? [avatarKey, thumbnailKeyFor(avatarKey)] : []),
      ...user.models.flatMap((model) =>
        model.photos.flatMap((photo) =>
          photo.thumbnailStorageKey ? [photo.storageKey, photo.thumbnailStorageKey] : [photo.storageKey],
        ),
      ),
    ];
    const storage = options.storage;
    // The account is gone either way; a file that cannot be removed now is only an orphan.
    await Promise.allSettled(keys.map((key) => storage.delete(key)));
  }
  return { purgedUserIds };
}

const HOUR_MS = 60 * 60 * 1000;

/** Runs the purge now and then hourly on this node; returns a stop function. */
export function startDeletionPurge(services: Services, everyMs = HOUR_MS): () => void {
  const run = () =>
    purgeDueDeletions(services.db, { storage: services.storage })
      .then(({ purgedUserIds }) => {
        if (purgedUserIds.length > 0) services.logger.info({ purgedUserIds }, 'purged deleted accounts');
      })
      .catch((error: unknown) => services.logger.error({ err: error }, 'account purge failed'));
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

import type { Db, Prisma, TokenRevocationReason } from '@plastic-crack/db';
import type { Services } from '../context.ts';

export type RevocationDeps = Pick<Services, 'db' | 'sockets'>;

/** Deletes sessions and closes their sockets on every node; returns how many ended. */
export async function endSessions(
  deps: RevocationDeps,
  where: Prisma.SessionWhereInput & { userId: string },
): Promise<number> {
  const sessions = await deps.db.session.findMany({ where, select: { id: true } });
  const ids = sessions.map((session) => session.id);
  if (ids.length === 0) return 0;
  await deps.db.session.deleteMany({ where: { id: { in: ids } } });
  await deps.sockets.revokeSessions(ids);
  return ids.length;
}

/** Revokes every live refresh token of the families and ends their access sessions. */
export async function revokeFamilies(
  deps: RevocationDeps,
  userId: string,
  familyIds: string[],
  reason: TokenRevocationReason,
): Promise<void> {
  if (familyIds.length === 0) return;
  await markRevoked(deps.db, { userId, familyId: { in: familyIds } }, reason);
  await endSessions(deps, { userId, refreshFamilyId: { in: familyIds } });
}

/**
 * Signs a user out everywhere (password change or reset, deactivation, "sign out everywhere"):
 * sessions, refresh tokens and sockets; the caller's own session and app sign-in may be kept.
 */
export async function revokeAllCredentials(
  deps: RevocationDeps,
  userId: string,
  reason: TokenRevocationReason,
  keep: { sessionId?: string; familyId?: string | null } = {},
): Promise<void> {
  await markRevoked(
    deps.db,
    { userId, ...(keep.familyId ? { familyId: { not: keep.familyId } } : {}) },
    reason,
  );
  await endSessions(deps, { userId, ...(keep.sessionId ? { id: { not: keep.sessionId } } : {}) });
  // Sockets opened between the lookup and the delete belong to sessions that no longer validate.
  if (!keep.sessionId) await deps.sockets.revokeUser(userId);
}

function markRevoked(
  db: Db,
  where: Prisma.RefreshTokenWhereInput & { userId: string },
  reason: TokenRevocationReason,
) {
  return db.refreshToken.updateMany({
    where: { ...where, isRevoked: false },
    data: { isRevoked: true, revokedAt: new Date(), revokedReason: reason },
  });
}

/** The refresh family behind the caller's session, when it is an app's access session. */
export async function familyOfSession(db: Db, sessionId: string): Promise<string | null> {
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: { refreshFamilyId: true },
  });
  return session?.refreshFamilyId ?? null;
}

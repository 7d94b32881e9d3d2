import type { Prisma } from '@plastic-crack/db';
import { recordAudit } from '../audit/service.ts';
import type { RequestMeta, Services, Viewer } from '../context.ts';
import { notFound } from '../errors.ts';
import { endSessions, familyOfSession, revokeAllCredentials, revokeFamilies } from './revocation.ts';

type SessionDeps = Pick<Services, 'db' | 'sockets'>;
type Caller = Pick<Viewer, 'userId' | 'sessionId'>;

/** A user reads and ends only their own sign-ins: every query here starts from this. */
const ownedBy = (viewer: Caller) => ({ userId: viewer.userId });

const deviceSelect = {
  id: true,
  deviceId: true,
  platform: true,
  appVersion: true,
  osVersion: true,
  pushEnabled: true,
  lastSeenAt: true,
} satisfies Prisma.UserDeviceSelect;

/** The sessions list shows at most this many (newest use first). */
const MAX_LISTED = 100;

export interface SignInSummary {
  /** Browser session: hex SHA-256 of its token. App sign-in: the refresh-token family. */
  id: string;
  kind: 'browser' | 'app';
  current: boolean;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  device: Prisma.UserDeviceGetPayload<{ select: typeof deviceSelect }> | null;
}

/**
 * Everywhere the user is signed in: browser (and plain bearer) sessions, and app sign-ins, one per
 * refresh-token family however many short access sessions it has minted.
 */
export async function listSignIns(deps: SessionDeps, viewer: Caller): Promise<SignInSummary[]> {
  const now = new Date();
  const [sessions, tokens, currentFamily] = await Promise.all([
    deps.db.session.findMany({
      where: { ...ownedBy(viewer), sliding: true, expiresAt: { gt: now } },
      orderBy: { lastUsedAt: 'desc' },
      take: MAX_LISTED,
      include: { device: { select: deviceSelect } },
    }),
    deps.db.refreshToken.findMany({
      where: { ...ownedBy(viewer), isRevoked: false, expiresAt: { gt: now } },
      orderBy: { createdAt: 'desc' },
      take: MAX_LISTED,
      include: { device: { select: deviceSelect } },
    }),
    familyOfSession(deps.db, viewer.sessionId),
  ]);
  const firstIssued = await deps.db.refreshToken.groupBy({
    by: ['familyId'],
    where: { ...ownedBy(viewer), familyId: { in: tokens.map((token) => token.familyId) } },
    _min: { createdAt: true },
  });
  const startedAt = new Map(firstIssued.map((row) => [row.familyId, row._min.createdAt]));
  const summaries: SignInSummary[] = [
    ...sessions.map((session) => ({
      id: session.id,
      kind: 'browser' as const,
      current: session.id === viewer.sessionId,
      ipAddress: session.ipAddress,
      userAgent: session.userAgent,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      expiresAt: session.expiresAt,
      device: session.device,
    })),
    ...tokens.map((token) => ({
      id: token.familyId,
      kind: 'app' as const,
      current: token.familyId === currentFamily,
      ipAddress: token.ipAddress,
      userAgent: token.userAgent,
      createdAt: startedAt.get(token.familyId) ?? token.createdAt,
      lastUsedAt: token.createdAt, // each refresh issues the family's newest token
      expiresAt: token.expiresAt,
      device: token.device,
    })),
  ];
  return summaries.sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime()).slice(0, MAX_LISTED);
}

/** Ends one browser session or one app sign-in of the caller's; its sockets close at once. */
export async function revokeSignIn(
  deps: SessionDeps,
  viewer: Caller,
  id: string,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ revokedCurrent: boolean }> {
  const isFamily = !/^[0-9a-f]{64}$/.test(id);
  let revokedCurrent: boolean;
  if (isFamily) {
    const live = await deps.db.refreshToken.count({ where: { ...ownedBy(viewer), familyId: id } });
    if (live === 0) throw notFound('Sign-in');
    revokedCurrent = (await familyOfSession(deps.db, viewer.sessionId)) === id;
    await revokeFamilies(deps, viewer.userId, [id], 'logout');
  } else {
    const ended = await endSessions(deps, { ...ownedBy(viewer), id });
    if (ended === 0) throw notFound('Session');
    revokedCurrent = id === viewer.sessionId;
  }
  await recordAudit(deps.db, meta, {
    userId: viewer.userId,
    action: 'auth.session_revoked',
    tableName: isFamily ? 'refresh_tokens' : 'sessions',
    newValues: isFamily ? { familyId: id } : { sessionIdSha256: id },
  });
  return { revokedCurrent };
}

/** "Sign out everywhere else" keeps the caller's session (and app sign-in); "everywhere" does not. */
export async function revokeAllSignIns(
  deps: SessionDeps,
  viewer: Caller,
  keepCurrent: boolean,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<void> {
  const keep = keepCurrent
    ? { sessionId: viewer.sessionId, familyId: await familyOfSession(deps.db, viewer.sessionId) }
    : {};
  await revokeAllCredentials(deps, viewer.userId, 'logout', keep);
  await recordAudit(deps.db, meta, {
    userId: viewer.userId,
    action: 'auth.sessions_revoked',
    newValues: { keptCurrent: keepCurrent },
  });
}

import type { Db } from '@plastic-crack/db';
import type { RequestMeta, Viewer } from '../context.ts';
import { generateToken, hashToken } from './tokens.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sessions live 30 days from last use; the expiry slides forward once less than 15 days remain. */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
const SESSION_RENEW_BEFORE_MS = 15 * DAY_MS;
/** last_used_at is written at most this often, so reads do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 60 * 1000;

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/** Access sessions (issued with a refresh token) live this long and never slide. */
export const ACCESS_SESSION_LIFETIME_MS = 15 * 60 * 1000;

export interface AccessSessionOptions {
  /** The refresh-token family the access session belongs to; revoking the family ends it. */
  refreshFamilyId: string;
}

export async function createSession(
  db: Pick<Db, 'session'>,
  userId: string,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
  deviceId: string | null = null,
  access: AccessSessionOptions | null = null,
): Promise<IssuedSession> {
  const token = generateToken();
  const sessionId = hashToken(token);
  const expiresAt = new Date(Date.now() + (access ? ACCESS_SESSION_LIFETIME_MS : SESSION_LIFETIME_MS));
  await db.session.create({
    data: {
      id: sessionId,
      userId,
      expiresAt,
      ipAddress: meta.ip,
      userAgent: meta.userAgent,
      deviceId,
      sliding: !access,
      refreshFamilyId: access?.refreshFamilyId ?? null,
    },
  });
  return { token, sessionId, expiresAt };
}

export interface ValidatedSession {
  viewer: Viewer;
  expiresAt: Date;
  /** True when the expiry moved forward and a web client should get a fresh cookie. */
  renewed: boolean;
  /** When a socket on this session must close: the fixed expiry of an access session, else null. */
  socketEndsAt: Date | null;
}

/** Resolves a presented token to its viewer, or null when unknown, expired or the user is inactive. */
export async function validateSessionToken(db: Db, token: string): Promise<ValidatedSession | null> {
  if (token.length < 20 || token.length > 100) return null;
  const sessionId = hashToken(token);
  const session = await db.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      expiresAt: true,
      lastUsedAt: true,
      sliding: true,
      user: { select: { id: true, username: true, isAdmin: true, emailVerified: true, isActive: true } },
    },
  });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || !session.user.isActive) {
    await db.session.deleteMany({ where: { id: sessionId } });
    return null;
  }
  let expiresAt = session.expiresAt;
  const renewed = session.sliding && expiresAt.getTime() - now < SESSION_RENEW_BEFORE_MS;
  if (renewed) expiresAt = new Date(now + SESSION_LIFETIME_MS);
  if (renewed || now - session.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.session.updateMany({ where: { id: sessionId }, data: { expiresAt, lastUsedAt: new Date(now) } });
  }
  return {
    viewer: {
      userId: session.user.id,
      sessionId: session.id,
      username: session.user.username,
      isAdmin: session.user.isAdmin,
      emailVerified: session.user.emailVerified,
    },
    expiresAt,
    renewed,
    socketEndsAt: session.sliding ? null : expiresAt,
  };
}

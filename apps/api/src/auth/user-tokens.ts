import type { Db, UserTokenPurpose } from '@plastic-crack/db';
import { badInput } from '../errors.ts';
import { generateToken, hashToken } from './tokens.ts';

const HOUR_MS = 60 * 60 * 1000;
export const USER_TOKEN_LIFETIME_MS: Record<UserTokenPurpose, number> = {
  email_verification: 48 * HOUR_MS,
  password_reset: 1 * HOUR_MS,
};

/**
 * Issues a single-use e-mail link token and returns it raw (for the link); only its SHA-256 is stored.
 * Earlier unused tokens of the same purpose stop working, so only the newest link is live.
 */
export async function issueUserToken(
  db: Db,
  userId: string,
  purpose: UserTokenPurpose,
  email: string,
): Promise<string> {
  const token = generateToken();
  const now = new Date();
  await db.$transaction([
    db.userToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } }),
    db.userToken.create({
      data: {
        userId,
        purpose,
        email,
        tokenHash: hashToken(token),
        expiresAt: new Date(now.getTime() + USER_TOKEN_LIFETIME_MS[purpose]),
      },
    }),
  ]);
  return token;
}

export interface ConsumedUserToken {
  userId: string;
  email: string | null;
}

/**
 * Spends a token exactly once: the conditional update lets only one of two simultaneous uses
 * through. Unknown, used and expired tokens get the same answer.
 */
export async function consumeUserToken(
  db: Pick<Db, 'userToken'>,
  token: string,
  purpose: UserTokenPurpose,
): Promise<ConsumedUserToken> {
  const tokenHash = hashToken(token);
  const now = new Date();
  const spent = await db.userToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (spent.count !== 1) throw badInput('This link is invalid or has expired. Ask for a new one.');
  return db.userToken.findUniqueOrThrow({ where: { tokenHash }, select: { userId: true, email: true } });
}

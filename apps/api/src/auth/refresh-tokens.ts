import { randomUUID } from 'node:crypto';
import type { IssueTokenInput } from '@plastic-crack/api-contract';
import type { Prisma } from '@plastic-crack/db';
import { recordAudit } from '../audit/service.ts';
import type { RequestMeta, Services } from '../context.ts';
import { unauthorized } from '../errors.ts';
import { checkSignIn } from './credentials.ts';
import { upsertDevice } from './devices.ts';
import { revokeFamilies } from './revocation.ts';
import { createSession } from './sessions.ts';
import { generateToken, hashToken } from './tokens.ts';

/** A refresh token lives 30 days from its issue; every refresh issues a new one. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

type TokenDeps = Pick<Services, 'db' | 'rateLimits' | 'sockets'>;
type Meta = Pick<RequestMeta, 'ip' | 'userAgent'>;

export interface IssuedTokens {
  /** A short-lived, non-sliding session token: `Authorization: Bearer` or the WebSocket `token` param. */
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

const invalidRefreshToken = () => unauthorized('This sign-in has ended. Please sign in again.');

/** Signs a mobile or internal client in: credentials (rate-limited like sign-in) for a token pair. */
export async function issueTokens(
  deps: TokenDeps,
  input: IssueTokenInput,
  meta: Meta,
): Promise<IssuedTokens> {
  const { id: userId } = await checkSignIn(deps, input, meta);
  const device = input.device ? await upsertDevice(deps.db, userId, input.device) : null;
  const tokens = await deps.db.$transaction(async (tx) =>
    mintPair(tx, { userId, familyId: randomUUID(), deviceId: device?.id ?? null }, meta),
  );
  await deps.db.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
  await recordAudit(deps.db, meta, { userId, action: 'auth.sign_in', newValues: { via: 'token' } });
  return publicPair(tokens);
}

/**
 * Rotates a refresh token: the old one is marked 'rotated' and points at its replacement. A rotated
 * token presented again means it was copied: the whole family and its access sessions are revoked.
 * Two simultaneous refreshes of one token race on a conditional update; only one wins.
 */
export async function refreshTokens(
  deps: TokenDeps,
  refreshToken: string,
  meta: Meta,
): Promise<IssuedTokens> {
  const presented = await deps.db.refreshToken.findUnique({
    where: { tokenHash: hashToken(refreshToken) },
    select: {
      id: true,
      userId: true,
      familyId: true,
      deviceId: true,
      expiresAt: true,
      isRevoked: true,
      revokedReason: true,
      user: { select: { isActive: true } },
    },
  });
  if (!presented) throw invalidRefreshToken();
  if (presented.isRevoked) {
    if (presented.revokedReason === 'rotated') await handleReuse(deps, presented, meta);
    throw invalidRefreshToken();
  }
  if (presented.expiresAt.getTime() <= Date.now() || !presented.user.isActive) throw invalidRefreshToken();

  const rotated = await deps.db.$transaction(async (tx) => {
    const pair = await mintPair(tx, presented, meta);
    const claimed = await tx.refreshToken.updateMany({
      where: { id: presented.id, isRevoked: false },
      data: {
        isRevoked: true,
        revokedAt: new Date(),
        revokedReason: 'rotated',
        replacedById: pair.refreshTokenId,
        lastUsedAt: new Date(),
      },
    });
    // Lost the race: throwing rolls the new pair back; the winner's client holds the family now.
    if (claimed.count !== 1) throw invalidRefreshToken();
    // Access sessions this family minted earlier and that have run out are of no further use.
    await tx.session.deleteMany({
      where: { refreshFamilyId: presented.familyId, expiresAt: { lte: new Date() } },
    });
    return pair;
  });
  return publicPair(rotated);
}

/** Ends the app sign-in a refresh token belongs to (the app's "sign out"). Unknown tokens are ignored. */
export async function revokeRefreshToken(deps: TokenDeps, refreshToken: string, meta: Meta): Promise<void> {
  const token = await deps.db.refreshToken.findUnique({
    where: { tokenHash: hashToken(refreshToken) },
    select: { userId: true, familyId: true, isRevoked: true },
  });
  if (!token || token.isRevoked) return;
  await revokeFamilies(deps, token.userId, [token.familyId], 'logout');
  await recordAudit(deps.db, meta, {
    userId: token.userId,
    action: 'auth.sign_out',
    newValues: { via: 'token' },
  });
}

async function handleReuse(
  deps: TokenDeps,
  token: { userId: string; familyId: string },
  meta: Meta,
): Promise<void> {
  await revokeFamilies(deps, token.userId, [token.familyId], 'reuse_detected');
  await recordAudit(deps.db, meta, {
    userId: token.userId,
    action: 'auth.refresh_token_reuse',
    tableName: 'refresh_tokens',
    newValues: { familyId: token.familyId },
  });
}

interface MintedPair extends IssuedTokens {
  refreshTokenId: string;
}

async function mintPair(
  tx: Prisma.TransactionClient,
  family: { userId: string; familyId: string; deviceId: string | null },
  meta: Meta,
): Promise<MintedPair> {
  const refreshToken = generateToken();
  const refreshTokenExpiresAt = new Date(Date.now() + REFRESH_TOKEN_LIFETIME_MS);
  const row = await tx.refreshToken.create({
    data: {
      userId: family.userId,
      familyId: family.familyId,
      deviceId: family.deviceId,
      tokenHash: hashToken(refreshToken),
      expiresAt: refreshTokenExpiresAt,
      ipAddress: meta.ip,
      userAgent: meta.userAgent,
    },
    select: { id: true },
  });
  const access = await createSession(tx, family.userId, meta, family.deviceId, {
    refreshFamilyId: family.familyId,
  });
  return {
    refreshTokenId: row.id,
    refreshToken,
    refreshTokenExpiresAt,
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
  };
}

function publicPair(pair: MintedPair): IssuedTokens {
  return {
    accessToken: pair.accessToken,
    accessTokenExpiresAt: pair.accessTokenExpiresAt,
    refreshToken: pair.refreshToken,
    refreshTokenExpiresAt: pair.refreshTokenExpiresAt,
  };
}

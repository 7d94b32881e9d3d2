import { randomBytes } from 'node:crypto';
import type { OAuthErrorReason } from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { recordAudit } from '../../audit/service.ts';
import type { RequestMeta } from '../../context.ts';
import { conflict, notFound } from '../../errors.ts';
import type { Encryption } from '../../infra/encryption.ts';
import { createSession, type IssuedSession } from '../sessions.ts';
import type { OAuthGrant, OAuthProfile } from './providers.ts';

/** Ends a browser flow with `?oauth=error&reason=…` instead of a tRPC-style error. */
export class OAuthFlowError extends Error {
  constructor(readonly reason: OAuthErrorReason) {
    super(`OAuth flow refused: ${reason}`);
    this.name = 'OAuthFlowError';
  }
}

export interface OAuthSignIn {
  action: 'signed_in' | 'signed_up';
  userId: string;
  linkId: string;
  session: IssuedSession;
}

/** Associated data binding each ciphertext to its row and column, so none can be moved to another. */
export function tokenContext(provider: string, providerUserId: string, kind: 'access' | 'refresh'): string {
  return `oauth_providers:${provider}:${providerUserId}:${kind}_token`;
}

function encryptedTokens(encryption: Encryption, provider: string, grant: OAuthGrant) {
  const { providerUserId } = grant.profile;
  return {
    accessTokenEncrypted: grant.accessToken
      ? encryption.encrypt(grant.accessToken, tokenContext(provider, providerUserId, 'access'))
      : null,
    // Providers often send a refresh token only on first consent: keep the stored one otherwise.
    ...(grant.refreshToken
      ? {
          refreshTokenEncrypted: encryption.encrypt(
            grant.refreshToken,
            tokenContext(provider, providerUserId, 'refresh'),
          ),
        }
      : {}),
    expiresAt: grant.expiresAt,
    email: grant.profile.email,
  };
}

const SIGN_UP_ATTEMPTS = 4;

/**
 * Signs in through a provider identity: the account it is linked to, or a new account when no
 * account uses its e-mail. An existing account with that e-mail is never linked here: whoever
 * controls the provider account would take it over; its owner signs in and links from settings.
 */
export async function signInWithProvider(
  db: Db,
  encryption: Encryption,
  provider: string,
  grant: OAuthGrant,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<OAuthSignIn> {
  const { profile } = grant;
  for (let attempt = 0; attempt < SIGN_UP_ATTEMPTS; attempt += 1) {
    const linked = await db.oAuthProvider.findUnique({
      where: { provider_providerUserId: { provider, providerUserId: profile.providerUserId } },
      select: { id: true, userId: true, user: { select: { isActive: true } } },
    });
    if (linked) {
      if (!linked.user.isActive) throw new OAuthFlowError('account_disabled');
      await db.$transaction([
        db.oAuthProvider.update({
          where: { id: linked.id },
          data: encryptedTokens(encryption, provider, grant),
        }),
        db.user.update({ where: { id: linked.userId }, data: { lastLoginAt: new Date() } }),
      ]);
      const session = await createSession(db, linked.userId, meta);
      await recordAudit(db, meta, {
        userId: linked.userId,
        action: 'auth.sign_in',
        newValues: { via: 'oauth', provider },
      });
      return { action: 'signed_in', userId: linked.userId, linkId: linked.id, session };
    }

    if (!profile.email) throw new OAuthFlowError('email_required');
    const sameEmail = await db.user.findFirst({
      where: { email: { equals: profile.email, mode: 'insensitive' } },
      select: { id: true },
    });
    if (sameEmail) throw new OAuthFlowError('account_exists');

    try {
      const created = await db.$transaction(async (tx) => {
        const user = await tx.user.create({
          data: {
            email: profile.email!,
            username: await availableUsername(tx, profile, attempt),
            emailVerified: profile.emailVerified,
            lastLoginAt: new Date(),
          },
          select: { id: true },
        });
        const link = await tx.oAuthProvider.create({
          data: {
            userId: user.id,
            provider,
            providerUserId: profile.providerUserId,
            ...encryptedTokens(encryption, provider, grant),
          },
          select: { id: true },
        });
        await recordAudit(tx, meta, {
          userId: user.id,
          action: 'auth.sign_up',
          tableName: 'users',
          recordId: user.id,
          newValues: { via: 'oauth', provider },
        });
        return { userId: user.id, linkId: link.id };
      });
      const session = await createSession(db, created.userId, meta);
      return { action: 'signed_up', ...created, session };
    } catch (error) {
      // A simultaneous sign-up with this identity or e-mail, or a username taken meanwhile: look again.
      if (isUniqueViolation(error)) continue;
      throw error;
    }
  }
  throw new Error('OAuth sign-up kept colliding with other sign-ups');
}

/** Adds a provider identity to the signed-in account; refuses one linked to anyone else. */
export async function linkProvider(
  db: Db,
  encryption: Encryption,
  userId: string,
  provider: string,
  grant: OAuthGrant,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ linkId: string; alreadyLinked: boolean }> {
  const { providerUserId } = grant.profile;
  try {
    return await db.$transaction(async (tx) => {
      await lockUser(tx, userId);
      const existing = await tx.oAuthProvider.findUnique({
        where: { provider_providerUserId: { provider, providerUserId } },
        select: { id: true, userId: true },
      });
      if (existing && existing.userId !== userId) throw new OAuthFlowError('identity_linked_elsewhere');
      if (existing) {
        await tx.oAuthProvider.update({
          where: { id: existing.id },
          data: encryptedTokens(encryption, provider, grant),
        });
        return { linkId: existing.id, alreadyLinked: true };
      }
      // One identity per provider and account, so "unlink Google" always means one row.
      const other = await tx.oAuthProvider.findFirst({ where: { userId, provider }, select: { id: true } });
      if (other) throw new OAuthFlowError('provider_already_linked');
      const link = await tx.oAuthProvider.create({
        data: { userId, provider, providerUserId, ...encryptedTokens(encryption, provider, grant) },
        select: { id: true },
      });
      await recordAudit(tx, meta, {
        userId,
        action: 'auth.oauth_linked',
        tableName: 'oauth_providers',
        recordId: link.id,
        newValues: { provider, providerUserId },
      });
      return { linkId: link.id, alreadyLinked: false };
    });
  } catch (error) {
    // Another account linked this identity between our read and our insert.
    if (isUniqueViolation(error)) throw new OAuthFlowError('identity_linked_elsewhere');
    throw error;
  }
}

export interface LinkedProvider {
  provider: string;
  label: string;
  enabled: boolean;
  email: string | null;
  createdAt: Date;
}

/** The viewer's linked identities; never their tokens. */
export async function listLinkedProviders(
  db: Db,
  userId: string,
  labels: ReadonlyMap<string, string>,
): Promise<{ providers: LinkedProvider[]; canUnlink: boolean }> {
  const [user, links] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } }),
    db.oAuthProvider.findMany({
      where: { userId },
      select: { provider: true, email: true, createdAt: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: 50,
    }),
  ]);
  return {
    providers: links.map((link) => ({
      provider: link.provider,
      label: labels.get(link.provider) ?? link.provider,
      enabled: labels.has(link.provider),
      email: link.email,
      createdAt: link.createdAt,
    })),
    canUnlink: user.passwordHash !== null || links.length > 1,
  };
}

/** Removes one of the viewer's identities unless it is their last way to sign in. */
export async function unlinkProvider(
  db: Db,
  userId: string,
  provider: string,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ linkId: string; providerUserId: string }> {
  return db.$transaction(async (tx) => {
    // Serialises unlinks of one account, so two at once cannot both pass the last-way-in check.
    await lockUser(tx, userId);
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
    const links = await tx.oAuthProvider.findMany({
      where: { userId },
      select: { id: true, provider: true, providerUserId: true },
    });
    const target = links.find((link) => link.provider === provider);
    if (!target) throw notFound('Linked sign-in provider');
    if (user.passwordHash === null && links.length === 1) {
      throw conflict(
        'This is the only way into your account. Set a password or link another provider before unlinking it.',
      );
    }
    await tx.oAuthProvider.delete({ where: { id: target.id } });
    await recordAudit(tx, meta, {
      userId,
      action: 'auth.oauth_unlinked',
      tableName: 'oauth_providers',
      recordId: target.id,
      oldValues: { provider, providerUserId: target.providerUserId },
    });
    return { linkId: target.id, providerUserId: target.providerUserId };
  });
}

async function lockUser(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * A username from the provider's display name or the e-mail's local part, made to fit the
 * username rule (3–30 of `A-Za-z0-9_.-`); a random suffix when taken or on a retry.
 */
async function availableUsername(
  tx: Prisma.TransactionClient,
  profile: OAuthProfile,
  attempt: number,
): Promise<string> {
  const source = profile.name ?? profile.email?.split('@')[0] ?? '';
  let base = source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '')
    .slice(0, 20);
  if (base.length < 3) base = `painter${base ? `_${base}` : ''}`;
  if (attempt === 0) {
    const taken = await tx.user.findFirst({
      where: { username: { equals: base, mode: 'insensitive' } },
      select: { id: true },
    });
    if (!taken) return base;
  }
  return `${base}_${randomBytes(3).toString('hex')}`;
}

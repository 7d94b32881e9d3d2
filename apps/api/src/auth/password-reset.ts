import type { RequestMeta, Services } from '../context.ts';
import { recordAudit } from '../audit/service.ts';
import { passwordResetMail } from './emails.ts';
import { hashPassword } from './passwords.ts';
import { revokeAllCredentials } from './revocation.ts';
import { consumeUserToken, issueUserToken } from './user-tokens.ts';

type ResetDeps = Pick<Services, 'db' | 'env' | 'logger' | 'mailer' | 'rateLimits' | 'sockets'>;

/**
 * Always answers the same way and in the same time: the lookup and the mail happen after the
 * answer, so neither the reply nor its timing says whether the address has an account.
 */
export async function requestPasswordReset(
  deps: ResetDeps,
  email: string,
  meta: Pick<RequestMeta, 'ip'>,
): Promise<{ requested: true }> {
  await deps.rateLimits.consume('passwordResetPerIp', meta.ip ?? 'unknown');
  await deps.rateLimits.consume('passwordResetPerEmail', email.toLowerCase());
  void mailResetLink(deps, email).catch((error: unknown) =>
    deps.logger.error({ err: error }, 'password reset e-mail not sent'),
  );
  return { requested: true };
}

async function mailResetLink(deps: ResetDeps, email: string): Promise<void> {
  const user = await deps.db.user.findFirst({
    where: { email: { equals: email, mode: 'insensitive' }, isActive: true },
    select: { id: true, email: true, username: true },
  });
  if (!user) return;
  const token = await issueUserToken(deps.db, user.id, 'password_reset', user.email);
  const url = new URL('/reset-password', deps.env.PUBLIC_ORIGIN);
  url.searchParams.set('token', token);
  await deps.mailer.send(passwordResetMail(user.email, user.username, url.toString()));
}

/** Sets the new password and signs the account out everywhere; the link proves the mailbox, too. */
export async function resetPassword(
  deps: ResetDeps,
  input: { token: string; newPassword: string },
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ reset: true }> {
  const passwordHash = await hashPassword(input.newPassword);
  const userId = await deps.db.$transaction(async (tx) => {
    const { userId, email } = await consumeUserToken(tx, input.token, 'password_reset');
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    const sameAddress = email?.toLowerCase() === user.email.toLowerCase();
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, ...(sameAddress ? { emailVerified: true } : {}) },
    });
    await recordAudit(tx, meta, {
      userId,
      action: 'auth.password_reset',
      tableName: 'users',
      recordId: userId,
    });
    return userId;
  });
  await revokeAllCredentials(deps, userId, 'password_changed');
  // Whoever was locked out by failed sign-ins may sign in with the new password at once.
  await deps.rateLimits.reset('signInFailuresPerAccount', userId);
  return { reset: true };
}

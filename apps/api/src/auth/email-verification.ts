import type { RequestMeta, Services } from '../context.ts';
import { recordAudit } from '../audit/service.ts';
import { badInput } from '../errors.ts';
import { verificationMail } from './emails.ts';
import { consumeUserToken, issueUserToken } from './user-tokens.ts';

type MailDeps = Pick<Services, 'db' | 'env' | 'mailer'>;

/** Mails a fresh confirmation link for the account's current address. */
export async function sendVerificationEmail(
  deps: MailDeps,
  account: { id: string; email: string; username: string },
): Promise<void> {
  const token = await issueUserToken(deps.db, account.id, 'email_verification', account.email);
  const url = new URL('/verify-email', deps.env.PUBLIC_ORIGIN);
  url.searchParams.set('token', token);
  await deps.mailer.send(verificationMail(account.email, account.username, url.toString()));
}

/** Sends the link again to a signed-in, unverified account; limited per IP and per address. */
export async function resendVerification(
  deps: MailDeps & Pick<Services, 'rateLimits'>,
  userId: string,
  meta: Pick<RequestMeta, 'ip'>,
): Promise<{ sent: boolean }> {
  const account = await deps.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, username: true, emailVerified: true },
  });
  if (account.emailVerified) return { sent: false };
  await deps.rateLimits.consume('verificationResendPerIp', meta.ip ?? 'unknown');
  await deps.rateLimits.consume('verificationResendPerEmail', account.email.toLowerCase());
  await sendVerificationEmail(deps, account);
  return { sent: true };
}

/** Confirms the address the link was sent to, if it is still the account's address. */
export async function verifyEmail(
  deps: Pick<Services, 'db'>,
  token: string,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ userId: string }> {
  return deps.db.$transaction(async (tx) => {
    const { userId, email } = await consumeUserToken(tx, token, 'email_verification');
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    if (!email || email.toLowerCase() !== user.email.toLowerCase()) {
      throw badInput('This link was sent to an address the account no longer uses.');
    }
    await tx.user.update({ where: { id: userId }, data: { emailVerified: true } });
    await recordAudit(tx, meta, {
      userId,
      action: 'auth.email_verified',
      tableName: 'users',
      recordId: userId,
      oldValues: { emailVerified: false },
      newValues: { emailVerified: true, email: user.email },
    });
    return { userId };
  });
}

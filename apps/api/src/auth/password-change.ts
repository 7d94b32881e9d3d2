import type { ChangePasswordInput } from '@plastic-crack/api-contract';
import { recordAudit } from '../audit/service.ts';
import type { RequestMeta, Services, Viewer } from '../context.ts';
import { badInput, DomainError } from '../errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { familyOfSession, revokeAllCredentials } from './revocation.ts';

type ChangeDeps = Pick<Services, 'db' | 'rateLimits' | 'sockets'>;

/**
 * Needs the current password (a stolen session alone cannot lock the owner out), and a wrong one
 * counts as a failed sign-in. Every other session and app sign-in ends; this one stays.
 */
export async function changePassword(
  deps: ChangeDeps,
  viewer: Pick<Viewer, 'userId' | 'sessionId'>,
  input: ChangePasswordInput,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ changed: true }> {
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: viewer.userId },
    select: { passwordHash: true },
  });
  if (!user.passwordHash) throw badInput('This account signs in without a password', 'currentPassword');
  await deps.rateLimits.consume('signInFailuresPerAccount', viewer.userId);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('BAD_REQUEST', 'Your current password is not right', { field: 'currentPassword' });
  }
  await deps.rateLimits.reset('signInFailuresPerAccount', viewer.userId);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.user.update({ where: { id: viewer.userId }, data: { passwordHash } });
  const familyId = await familyOfSession(deps.db, viewer.sessionId);
  await revokeAllCredentials(deps, viewer.userId, 'password_changed', {
    sessionId: viewer.sessionId,
    familyId,
  });
  await recordAudit(deps.db, meta, {
    userId: viewer.userId,
    action: 'auth.password_changed',
    tableName: 'users',
    recordId: viewer.userId,
  });
  return { changed: true };
}

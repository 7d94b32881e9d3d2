import type { SignInInput } from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import { identifierDigest, recordAudit } from '../audit/service.ts';
import type { RequestMeta, Services } from '../context.ts';
import { DomainError } from '../errors.ts';
import { verifyAgainstDecoy, verifyPassword } from './passwords.ts';

export type CredentialDeps = Pick<Services, 'db' | 'rateLimits'>;

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('UNAUTHORIZED', 'Wrong e-mail, username or password');
  }
}

async function findAccount(db: Db, identifier: string) {
  return db.user.findFirst({
    where: identifier.includes('@')
      ? { email: { equals: identifier, mode: 'insensitive' } }
      : { username: { equals: identifier, mode: 'insensitive' } },
    select: { id: true, passwordHash: true, isActive: true },
  });
}

/** Resolves the account behind an identifier and password; the same error whether or not it exists. */
export async function verifyCredentials(db: Db, input: SignInInput): Promise<{ id: string }> {
  const user = await findAccount(db, input.identifier.trim());
  if (!user?.passwordHash) {
    await verifyAgainstDecoy(input.password);
    throw new InvalidCredentialsError();
  }
  const valid = await verifyPassword(user.passwordHash, input.password);
  if (!valid || !user.isActive) throw new InvalidCredentialsError();
  return { id: user.id };
}

/**
 * verifyCredentials behind the sign-in rate limits, with an audit row for a failure. An attempt is
 * counted before the password is checked (so parallel guesses cannot slip past the limit) and given
 * back when it succeeds. An unknown account is limited exactly like a real one.
 */
export async function checkSignIn(
  deps: CredentialDeps,
  input: SignInInput,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
): Promise<{ id: string }> {
  const identifier = input.identifier.trim();
  const account = await findAccount(deps.db, identifier);
  const ipKey = meta.ip ?? 'unknown';
  const accountKey = account?.id ?? `unknown:${identifier.toLowerCase()}`;
  await deps.rateLimits.consume('signInFailuresPerIp', ipKey);
  await deps.rateLimits.consume('signInFailuresPerAccount', accountKey);
  try {
    const verified = await verifyCredentials(deps.db, input);
    await Promise.all([
      deps.rateLimits.reward('signInFailuresPerIp', ipKey),
      deps.rateLimits.reset('signInFailuresPerAccount', accountKey),
    ]);
    return verified;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) {
      await recordAudit(deps.db, meta, {
        userId: account?.id ?? null,
        action: 'auth.sign_in_failed',
        newValues: { identifierSha256: identifierDigest(identifier) },
      });
    }
    throw error;
  }
}

import type { SignInInput, SignUpInput } from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { recordAudit } from '../audit/service.ts';
import type { RequestMeta, Services } from '../context.ts';
import { conflict, DomainError } from '../errors.ts';
import { checkSignIn } from './credentials.ts';
import { sendVerificationEmail } from './email-verification.ts';
import { hashPassword } from './passwords.ts';
import { createSession, type IssuedSession } from './sessions.ts';

export { InvalidCredentialsError, verifyCredentials } from './credentials.ts';

export type AuthDeps = Pick<Services, 'db' | 'env' | 'logger' | 'mailer' | 'rateLimits' | 'sockets'>;

/** What the signed-in user sees of their own account. */
export const accountSelect = {
  id: true,
  email: true,
  username: true,
  emailVerified: true,
  isAdmin: true,
  avatarUrl: true,
  createdAt: true,
} satisfies Prisma.UserSelect;
export type Account = Prisma.UserGetPayload<{ select: typeof accountSelect }>;

export interface SignedIn {
  account: Account;
  session: IssuedSession;
}

/** Creates the account, signs it in and sends the verification e-mail (a mail failure is only logged). */
export async function signUp(deps: AuthDeps, input: SignUpInput, meta: RequestMeta): Promise<SignedIn> {
  await deps.rateLimits.consume('signUpPerIp', meta.ip ?? 'unknown');
  const { db } = deps;
  const taken = await db.user.findFirst({
    where: {
      OR: [
        { email: { equals: input.email, mode: 'insensitive' } },
        { username: { equals: input.username, mode: 'insensitive' } },
      ],
    },
    select: { email: true },
  });
  if (taken) throw takenError(taken.email.toLowerCase() === input.email ? 'email' : 'username');
  const passwordHash = await hashPassword(input.password);
  let account: Account;
  try {
    account = await db.user.create({
      data: { email: input.email, username: input.username, passwordHash, lastLoginAt: new Date() },
      select: accountSelect,
    });
  } catch (error) {
    // Two sign-ups racing for the same name: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw takenError(String(error.meta?.target ?? '').includes('email') ? 'email' : 'username');
    }
    throw error;
  }
  const session = await createSession(db, account.id, meta);
  await recordAudit(db, meta, {
    userId: account.id,
    action: 'auth.sign_up',
    tableName: 'users',
    recordId: account.id,
  });
  await sendVerificationEmail(deps, account).catch((error: unknown) =>
    deps.logger.error({ err: error, userId: account.id }, 'verification e-mail not sent'),
  );
  return { account, session };
}

function takenError(field: 'email' | 'username'): DomainError {
  const error = conflict(
    field === 'email' ? 'An account with that e-mail already exists' : 'That username is taken',
  );
  return new DomainError(error.code, error.message, { field });
}

export async function signIn(deps: AuthDeps, input: SignInInput, meta: RequestMeta): Promise<SignedIn> {
  const { id } = await checkSignIn(deps, input, meta);
  const account = await deps.db.user.update({
    where: { id },
    data: { lastLoginAt: new Date() },
    select: accountSelect,
  });
  const session = await createSession(deps.db, id, meta);
  await recordAudit(deps.db, meta, { userId: id, action: 'auth.sign_in', newValues: { via: 'session' } });
  return { account, session };
}

export async function signOut(
  deps: Pick<Services, 'db' | 'sockets'>,
  viewer: { userId: string; sessionId: string },
  meta: RequestMeta,
): Promise<void> {
  await deps.db.session.deleteMany({ where: { id: viewer.sessionId } });
  await deps.sockets.revokeSessions([viewer.sessionId]);
  await recordAudit(deps.db, meta, { userId: viewer.userId, action: 'auth.sign_out' });
}

export function getAccount(db: Db, userId: string): Promise<Account> {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: accountSelect });
}

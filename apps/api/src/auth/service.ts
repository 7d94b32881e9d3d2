import type { SignInInput, SignUpInput } from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import type { RequestMeta } from '../context.ts';
import { conflict, DomainError } from '../errors.ts';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.ts';
import { createSession, type IssuedSession } from './sessions.ts';

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

export async function signUp(db: Db, input: SignUpInput, meta: RequestMeta): Promise<SignedIn> {
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
  try {
    const account = await db.user.create({
      data: { email: input.email, username: input.username, passwordHash, lastLoginAt: new Date() },
      select: accountSelect,
    });
    return { account, session: await createSession(db, account.id, meta) };
  } catch (error) {
    // Two sign-ups racing for the same name: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw takenError(String(error.meta?.target ?? '').includes('email') ? 'email' : 'username');
    }
    throw error;
  }
}

function takenError(field: 'email' | 'username'): DomainError {
  const error = conflict(
    field === 'email' ? 'An account with that e-mail already exists' : 'That username is taken',
  );
  return new DomainError(error.code, error.message, { field });
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('UNAUTHORIZED', 'Wrong e-mail, username or password');
  }
}

/** Resolves the account behind an identifier and password; the same error whether or not it exists. */
export async function verifyCredentials(db: Db, input: SignInInput): Promise<{ id: string }> {
  const identifier = input.identifier.trim();
  const user = await db.user.findFirst({
    where: identifier.includes('@')
      ? { email: { equals: identifier, mode: 'insensitive' } }
      : { username: { equals: identifier, mode: 'insensitive' } },
    select: { id: true, passwordHash: true, isActive: true },
  });
  if (!user?.passwordHash) {
    await verifyAgainstDecoy(input.password);
    throw new InvalidCredentialsError();
  }
  const valid = await verifyPassword(user.passwordHash, input.password);
  if (!valid || !user.isActive) throw new InvalidCredentialsError();
  return { id: user.id };
}

export async function signIn(db: Db, input: SignInInput, meta: RequestMeta): Promise<SignedIn> {
  const { id } = await verifyCredentials(db, input);
  const account = await db.user.update({
    where: { id },
    data: { lastLoginAt: new Date() },
    select: accountSelect,
  });
  return { account, session: await createSession(db, id, meta) };
}

export async function signOut(db: Db, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export function getAccount(db: Db, userId: string): Promise<Account> {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: accountSelect });
}

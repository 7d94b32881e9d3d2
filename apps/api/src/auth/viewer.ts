import type { IncomingMessage } from 'node:http';
import type { Db } from '@plastic-crack/db';
import { readSessionCookie } from './cookies.ts';
import { validateSessionToken, type ValidatedSession } from './sessions.ts';

/** The credential a request carries: a bearer token (non-browser clients) wins over the cookie. */
export function presentedToken(req: IncomingMessage, connectionToken?: unknown): string | null {
  const authorization = req.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  if (typeof connectionToken === 'string' && connectionToken) return connectionToken;
  return readSessionCookie(req);
}

export async function authenticate(db: Db, token: string | null): Promise<ValidatedSession | null> {
  return token ? validateSessionToken(db, token) : null;
}

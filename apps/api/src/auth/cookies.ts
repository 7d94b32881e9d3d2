import type { IncomingMessage, ServerResponse } from 'node:http';

export const SESSION_COOKIE = 'pc_session';

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      if (!cookies.has(name)) cookies.set(name, decodeURIComponent(value));
    } catch {
      // A malformed cookie is ignored, like a missing one.
    }
  }
  return cookies;
}

export function readSessionCookie(req: IncomingMessage): string | null {
  return parseCookies(req.headers.cookie).get(SESSION_COOKIE) ?? null;
}

/** httpOnly, SameSite=Lax, Secure in production; Max-Age follows the session's sliding expiry. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return serialize(SESSION_COOKIE, token, maxAge, secure);
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', 0, secure);
}

function serialize(name: string, value: string, maxAge: number, secure: boolean): string {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
  ];
  if (secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
  res.setHeader('set-cookie', [...list, cookie]);
}

import { randomBytes } from 'node:crypto';
import type { TestApi } from './harness.ts';

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  /** The raw session token (as in the cookie). */
  token: string;
  cookie: string;
  /** Calls the API as this user through the session cookie, like the browser does. */
  client: ReturnType<TestApi['client']>;
}

let counter = 0;

/** Signs a new user up through the real API and returns their session. */
export async function createUser(
  app: TestApi,
  overrides: { username?: string; password?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const username = overrides.username ?? `painter_${counter}_${randomBytes(3).toString('hex')}`;
  const email = `${username.toLowerCase()}@example.com`;
  const password = overrides.password ?? 'correct horse battery staple';
  const response = await fetch(`${app.url}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.origin },
    body: JSON.stringify({ email, username, password }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { result: { data: { account: { id: string } } } };
  const cookie = sessionCookieFrom(response);
  const token = decodeURIComponent(cookie.split('=')[1]!);
  return {
    id: body.result.data.account.id,
    username,
    email,
    password,
    token,
    cookie,
    client: app.client(() => ({ cookie })),
  };
}

export function sessionCookieFrom(response: Response): string {
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('pc_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

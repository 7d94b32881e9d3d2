// Helpers for the account-security tests (imported by *.test.ts only).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import type { StoredMail } from '../infra/mailer.ts';
import type { AppRouter } from '../router.ts';
import type { TestApi } from '../../test/harness.ts';

/** A private outbox folder per test API, so one file's e-mails never mix with another's. */
export function outboxEnv(): Record<string, string> {
  return { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'pc-outbox-')) };
}

export async function expectTrpcError(
  promise: Promise<unknown>,
  code: string,
): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<AppRouter>).data?.code).toBe(code);
  return error as TRPCClientError<AppRouter>;
}

export async function mailsTo(app: TestApi, to: string): Promise<StoredMail[]> {
  const response = await fetch(`${app.url}/dev/outbox.json`);
  expect(response.status).toBe(200);
  const { mails } = (await response.json()) as { mails: StoredMail[] };
  return mails.filter((mail) => mail.to === to);
}

/** The token of the newest link to `page` (verify-email or reset-password) mailed to `to`. */
export async function linkTokenFor(app: TestApi, to: string, page: string): Promise<string | null> {
  for (const mail of await mailsTo(app, to)) {
    const match = new RegExp(`${app.origin}/${page}\\?token=([a-z0-9]+)`).exec(mail.text);
    if (match) return match[1]!;
  }
  return null;
}

export function bearer(app: TestApi, token: string) {
  return app.client(() => ({ authorization: `Bearer ${token}` }));
}

/**
 * A raw authenticated WebSocket (cookie header or `token` connection param) that has made one
 * call, so the server has built its context; `closed` resolves with the close code.
 */
export async function openAuthedSocket(
  app: TestApi,
  auth: { cookie: string } | { token: string },
): Promise<{ socket: WebSocket; closed: Promise<number>; meId: unknown }> {
  const headers: Record<string, string> = { origin: app.origin };
  if ('cookie' in auth) headers.cookie = auth.cookie;
  const url = 'token' in auth ? `${app.wsUrl}?connectionParams=1` : app.wsUrl;
  const socket = new WebSocket(url, { headers });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  if ('token' in auth) {
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: auth.token } }));
  }
  socket.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'auth.me', input: undefined } }));
  const reply = await new Promise<string>((resolve) =>
    socket.once('message', (data) => resolve(String(data))),
  );
  const parsed = JSON.parse(reply) as { result?: { data?: { id?: unknown } | null } };
  return { socket, closed, meId: parsed.result?.data?.id ?? null };
}

export async function makeAdmin(app: TestApi, userId: string): Promise<void> {
  await app.database.db.user.update({ where: { id: userId }, data: { isAdmin: true } });
}

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { sidewaysJpegWithExif, solidPng } from '../../test/fixtures/images.ts';
import { keyFromUrl } from '../infra/storage.ts';

let app: TestApi;
let uploadDir: string;
beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'pc-uploads-test-'));
  app = await startTestApi({ UPLOAD_DIR: uploadDir });
});
afterAll(async () => {
  await app.close();
  await rm(uploadDir, { recursive: true, force: true });
});

const DEFAULT_MAX = 5 * 1024 * 1024;
async function setMaxUploadSize(bytes: number) {
  await app.database.db.appSetting.update({ where: { key: 'max_upload_size' }, data: { value: bytes } });
  // As the admin screen does: drop every node's cached copy of the settings.
  await app.services.appSettings.announceChange();
}
afterEach(() => setMaxUploadSize(DEFAULT_MAX));

interface UploadOptions {
  headers?: Record<string, string>;
  filename?: string;
  type?: string;
  field?: string;
}

function postAvatar(file: Buffer, options: UploadOptions = {}) {
  const form = new FormData();
  form.append(
    options.field ?? 'file',
    new Blob([new Uint8Array(file)], { type: options.type ?? 'image/png' }),
    options.filename ?? 'me.png',
  );
  return fetch(`${app.url}/uploads/avatar`, {
    method: 'POST',
    headers: { origin: app.origin, ...options.headers },
    body: form,
  });
}

const as = (user: TestUser) => ({ cookie: user.cookie });

async function storedFiles(): Promise<string[]> {
  const folder = path.join(uploadDir, 'avatars');
  return readdir(folder).catch(() => []);
}

async function avatarUrlOf(user: TestUser): Promise<string | null> {
  return (
    await app.database.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { avatarUrl: true } })
  ).avatarUrl;
}

describe('POST /uploads/avatar', () => {
  it('stores a re-encoded, metadata-free avatar and its thumbnail, and serves them', async () => {
    const user = await createUser(app);
    const jpeg = await sidewaysJpegWithExif(300, 200);
    const response = await postAvatar(jpeg, {
      headers: as(user),
      filename: 'holiday.jpg',
      type: 'image/jpeg',
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      avatarUrl: string;
      avatarThumbnailUrl: string;
      width: number;
      height: number;
      mime: string;
    };
    expect(body).toMatchObject({ width: 512, height: 512, mime: 'image/webp' });
    expect(body.avatarUrl).toMatch(/^\/uploads\/avatars\/[a-z2-7]{26}\.webp$/);
    // Stored under a random name, never the client's.
    expect(body.avatarUrl).not.toContain('holiday');
    expect(await avatarUrlOf(user)).toBe(body.avatarUrl);

    const served = await fetch(`${app.url}${body.avatarUrl}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const stored = Buffer.from(await served.arrayBuffer());
    expect(Number(served.headers.get('content-length'))).toBe(stored.length);
    const metadata = await sharp(stored).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 512, height: 512 });
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expect(stored.includes(Buffer.from('PlasticCam'))).toBe(false);

    const thumbnail = await fetch(`${app.url}${body.avatarThumbnailUrl}`);
    expect(thumbnail.status).toBe(200);
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(128);

    const head = await fetch(`${app.url}${body.avatarUrl}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('accepts a bearer token as well as the cookie', async () => {
    const user = await createUser(app);
    const response = await postAvatar(await solidPng(), {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(response.status).toBe(201);
  });

  it('replaces the previous avatar and deletes its files', async () => {
    const user = await createUser(app);
    const first = (await (await postAvatar(await solidPng(), { headers: as(user) })).json()) as {
      avatarUrl: string;
    };
    const firstKey = keyFromUrl(first.avatarUrl)!;
    const second = (await (
      await postAvatar(await solidPng(90, 90, '#224488'), { headers: as(user) })
    ).json()) as { avatarUrl: string };
    expect(second.avatarUrl).not.toBe(first.avatarUrl);
    expect(await avatarUrlOf(user)).toBe(second.avatarUrl);
    const files = await storedFiles();
    expect(files).not.toContain(firstKey.split('/')[1]);
    expect(files.some((name) => name.startsWith(firstKey.split('/')[1]!.replace('.webp', '')))).toBe(false);
    expect((await fetch(`${app.url}${first.avatarUrl}`)).status).toBe(404);
  });

  it('refuses a text file named .png and stores nothing', async () => {
    const user = await createUser(app);
    const before = await storedFiles();
    const response = await postAvatar(Buffer.from('I am definitely a PNG, trust me.\n'), {
      headers: as(user),
      filename: 'avatar.png',
      type: 'image/png',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/not a supported image/), field: 'file' },
    });
    expect(await storedFiles()).toEqual(before);
    expect(await avatarUrlOf(user)).toBeNull();
  });

  it('refuses an upload over max_upload_size (declared length) with 413 and stores nothing', async () => {
    const user = await createUser(app);
    await setMaxUploadSize(64 * 1024);
    const before = await storedFiles();
    const response = await postAvatar(Buffer.alloc(200 * 1024, 1), { headers: as(user) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await storedFiles()).toEqual(before);
    expect(await avatarUrlOf(user)).toBeNull();
  });

  it('stops reading a streamed upload (no Content-Length) as soon as it passes the limit', async () => {
    const user = await createUser(app);
    await setMaxUploadSize(64 * 1024);
    const before = await storedFiles();
    const boundary = 'pcboundary123';
    const chunk = Buffer.alloc(16 * 1024, 7);
    const budget = 64 * 1024 * 1024;
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`,
          ),
        );
      },
      pull(controller) {
        if (sent >= budget) return controller.close();
        sent += chunk.length;
        controller.enqueue(new Uint8Array(chunk));
      },
    });
    const outcome = await fetch(`${app.url}/uploads/avatar`, {
      method: 'POST',
      headers: {
        origin: app.origin,
        cookie: user.cookie,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: stream,
      duplex: 'half',
    } as RequestInit).then(
      async (response) => ({ status: response.status, body: await response.text() }),
      (error: unknown) => ({ status: 0, body: String(error) }),
    );
    expect(outcome.status).toBe(413);
    // The server cut the upload off long before the client ran out of bytes to send.
    expect(sent).toBeLessThan(budget / 2);
    expect(await storedFiles()).toEqual(before);
    expect(await avatarUrlOf(user)).toBeNull();
  });

  it('refuses a foreign origin before reading anything', async () => {
    const user = await createUser(app);
    const response = await postAvatar(await solidPng(), {
      headers: { ...as(user), origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(await avatarUrlOf(user)).toBeNull();
  });

  it('is closed to non-admins during maintenance, like every mutation', async () => {
    const user = await createUser(app);
    await app.database.db.appSetting.update({ where: { key: 'maintenance_mode' }, data: { value: true } });
    await app.services.appSettings.announceChange();
    try {
      const response = await postAvatar(await solidPng(), { headers: as(user) });
      expect(response.status).toBe(503);
      expect(await avatarUrlOf(user)).toBeNull();
    } finally {
      await app.database.db.appSetting.update({ where: { key: 'maintenance_mode' }, data: { value: false } });
      await app.services.appSettings.announceChange();
    }
  });

  it('refuses an anonymous upload with 401', async () => {
    const before = await storedFiles();
    const response = await postAvatar(await solidPng());
    expect(response.status).toBe(401);
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses a body that is not multipart, or has no file field', async () => {
    const user = await createUser(app);
    const raw = await fetch(`${app.url}/uploads/avatar`, {
      method: 'POST',
      headers: { origin: app.origin, cookie: user.cookie, 'content-type': 'image/png' },
      body: new Uint8Array(await solidPng()),
    });
    expect(raw.status).toBe(400);
    const wrongField = await postAvatar(await solidPng(), { headers: as(user), field: 'picture' });
    expect(wrongField.status).toBe(400);
    expect(((await wrongField.json()) as { error: { message: string } }).error.message).toMatch(
      /field named "file"/,
    );
    expect(await avatarUrlOf(user)).toBeNull();
  });
});

describe('GET /uploads/<key>', () => {
  it('answers 404 for unknown keys and for anything that is not a key', async () => {
    for (const pathname of [
      '/uploads/avatars/abcdefghijklmnopqrstuvwxyz.webp',
      '/uploads/..%2F..%2Fpackage.json',
      '/uploads/avatars/%2e%2e%2f%2e%2e%2fpackage.json',
      '/uploads/',
    ]) {
      const response = await fetch(`${app.url}${pathname}`);
      expect(response.status, pathname).toBe(404);
    }
  });
});

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sidewaysJpegWithExif, solidPng } from '../../test/fixtures/images.ts';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import type { PhotoView } from './shape.ts';
import { createCollection, expectTrpcError } from './test-helpers.ts';

let app: TestApi;
let uploadDir: string;
let owner: TestUser;
let other: TestUser;
beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(tmpdir(), 'pc-collection-photos-'));
  app = await startTestApi({ UPLOAD_DIR: uploadDir });
  [owner, other] = await Promise.all([createUser(app), createUser(app)]);
});
afterAll(async () => {
  await app.close();
  await rm(uploadDir, { recursive: true, force: true });
});

const DEFAULT_MAX = 5 * 1024 * 1024;
async function setMaxUploadSize(bytes: number) {
  await app.database.db.appSetting.update({ where: { key: 'max_upload_size' }, data: { value: bytes } });
  await app.services.appSettings.announceChange();
}
afterEach(() => setMaxUploadSize(DEFAULT_MAX));

function upload(
  userModelId: string,
  file: Buffer,
  options: {
    headers?: Record<string, string>;
    filename?: string;
    type?: string;
    user?: TestUser | null;
  } = {},
) {
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(file)], { type: options.type ?? 'image/png' }),
    options.filename ?? 'mini.png',
  );
  const user = options.user === undefined ? owner : options.user;
  return fetch(`${app.url}/uploads/collection/${userModelId}/photos`, {
    method: 'POST',
    headers: { origin: app.origin, ...(user ? { cookie: user.cookie } : {}), ...options.headers },
    body: form,
  });
}

async function uploadOk(userModelId: string, file?: Buffer): Promise<PhotoView> {
  const response = await upload(userModelId, file ?? (await solidPng()));
  expect(response.status).toBe(201);
  return (await response.json()) as PhotoView;
}

const storedFiles = async () => (await readdir(path.join(uploadDir, 'photos')).catch(() => [])).sort();
const photoRows = (userModelId: string) => app.database.db.modelPhoto.count({ where: { userModelId } });

describe('POST /uploads/collection/:userModelId/photos', () => {
  it('stores a re-encoded, upright, metadata-free photo with its thumbnail and dimensions', async () => {
    const [id] = await createCollection(owner, 1);
    const response = await upload(id!, await sidewaysJpegWithExif(300, 200), {
      filename: 'holiday.jpg',
      type: 'image/jpeg',
    });
    expect(response.status).toBe(201);
    const photo = (await response.json()) as PhotoView;
    // Turned upright from the EXIF orientation: 300×200 stored sideways is 200×300.
    expect(photo).toMatchObject({
      width: 200,
      height: 300,
      mimeType: 'image/webp',
      sortOrder: 0,
      caption: null,
    });
    expect(photo.url).toMatch(/^\/uploads\/photos\/[a-z2-7]{26}\.webp$/);
    expect(photo.thumbnailUrl).toMatch(/^\/uploads\/photos\/[a-z2-7]{26}-thumb\.webp$/);

    const served = Buffer.from(await (await fetch(`${app.url}${photo.url}`)).arrayBuffer());
    const metadata = await sharp(served).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 200, height: 300 });
    expect(metadata.exif).toBeUndefined();
    expect(served.includes(Buffer.from('PlasticCam'))).toBe(false);
    expect(photo.fileSize).toBe(served.length);

    const row = await app.database.db.modelPhoto.findUniqueOrThrow({ where: { id: photo.id } });
    expect(row).toMatchObject({
      userModelId: id,
      storageKey: photo.url.slice('/uploads/'.length),
      width: 200,
      height: 300,
    });

    const item = await owner.client.collection.get.query({ id: id! });
    expect(item.photos.map((p) => p.id)).toEqual([photo.id]);
    const listed = await owner.client.collection.list.query({});
    expect(listed.items.find((entry) => entry.id === id)).toMatchObject({
      thumbnailUrl: photo.thumbnailUrl,
      photoCount: 1,
    });
  });

  it('refuses anyone but the owner before reading the file, storing nothing', async () => {
    const [id] = await createCollection(owner, 1);
    const before = await storedFiles();
    const png = await solidPng();
    expect((await upload(id!, png, { user: other })).status).toBe(404);
    expect((await upload(id!, png, { user: null })).status).toBe(401);
    expect((await upload(id!, png, { headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await upload('00000000-0000-4000-8000-000000000000', png)).status).toBe(404);
    const badId = await upload('not-an-id', png);
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'userModelId' } });
    expect(await photoRows(id!)).toBe(0);
    expect(await storedFiles()).toEqual(before);
  });

  it('refuses files that are not images by content, or too large for app_settings, storing nothing', async () => {
    const [id] = await createCollection(owner, 1);
    const before = await storedFiles();
    const fake = await upload(id!, Buffer.from('<svg onload="alert(1)"></svg>'), { filename: 'x.png' });
    expect(fake.status).toBe(400);
    expect(await fake.json()).toMatchObject({ error: { code: 'BAD_REQUEST', field: 'file' } });
    await setMaxUploadSize(1024);
    const big = await upload(id!, await solidPng(400, 400, '#123456'));
    expect(big.status).toBe(413);
    expect(await photoRows(id!)).toBe(0);
    expect(await storedFiles()).toEqual(before);
  });

  it('allows at most 10 photos per item, even when uploads race', async () => {
    const [id] = await createCollection(owner, 1);
    for (let i = 0; i < 7; i += 1) await uploadOk(id!);
    const png = await solidPng();
    const raced = await Promise.all(Array.from({ length: 6 }, () => upload(id!, png)));
    const statuses = raced.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409]);
    expect(await photoRows(id!)).toBe(10);
    const full = await upload(id!, png);
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringMatching(/at most 10 photos/) },
    });
    // Every stored file belongs to a row: refused uploads left nothing behind.
    const keys = (
      await app.database.db.modelPhoto.findMany({ select: { storageKey: true, thumbnailStorageKey: true } })
    )
      .flatMap((row) => [row.storageKey, row.thumbnailStorageKey!])
      .map((key) => key.slice('photos/'.length))
      .sort();
    expect(await storedFiles()).toEqual(keys);
    // The order numbers are distinct.
    const orders = await app.database.db.modelPhoto.findMany({
      where: { userModelId: id! },
      select: { sortOrder: true },
    });
    expect(new Set(orders.map((row) => row.sortOrder)).size).toBe(10);
  });
});

describe('collection.photos', () => {
  it('captions, reorders and deletes photos (the stored files too)', async () => {
    const [id] = await createCollection(owner, 1);
    const [a, b, c] = [await uploadOk(id!), await uploadOk(id!), await uploadOk(id!)];
    expect(
      await owner.client.collection.photos.caption.mutate({ id: b.id, caption: '  Freehand banner \n' }),
    ).toMatchObject({
      caption: 'Freehand banner',
    });
    expect(
      (await owner.client.collection.photos.caption.mutate({ id: b.id, caption: '' })).caption,
    ).toBeNull();

    const reordered = await owner.client.collection.photos.reorder.mutate({
      userModelId: id!,
      photoIds: [c.id, a.id, b.id],
    });
    expect(reordered.map((photo) => [photo.id, photo.sortOrder])).toEqual([
      [c.id, 0],
      [a.id, 1],
      [b.id, 2],
    ]);
    expect(
      (await owner.client.collection.list.query({})).items.find((item) => item.id === id)?.thumbnailUrl,
    ).toBe(c.thumbnailUrl);

    expect(await owner.client.collection.photos.delete.mutate({ id: a.id })).toEqual({ id: a.id });
    expect((await fetch(`${app.url}${a.url}`)).status).toBe(404);
    expect((await fetch(`${app.url}${a.thumbnailUrl!}`)).status).toBe(404);
    expect(
      (await owner.client.collection.photos.list.query({ userModelId: id! })).map((photo) => photo.id),
    ).toEqual([c.id, b.id]);
  });

  it('refuses bad input, changing nothing', async () => {
    const [id] = await createCollection(owner, 1);
    const [a, b] = [await uploadOk(id!), await uploadOk(id!)];
    await expectTrpcError(
      owner.client.collection.photos.caption.mutate({ id: a.id, caption: 'x'.repeat(501) }),
      'BAD_REQUEST',
    );
    for (const photoIds of [[a.id], [a.id, a.id], [a.id, b.id, crypto.randomUUID()], []]) {
      await expectTrpcError(
        owner.client.collection.photos.reorder.mutate({ userModelId: id!, photoIds }),
        'BAD_REQUEST',
      );
    }
    const [otherItem] = await createCollection(owner, 1);
    const elsewhere = await uploadOk(otherItem!);
    await expectTrpcError(
      owner.client.collection.photos.reorder.mutate({ userModelId: id!, photoIds: [a.id, elsewhere.id] }),
      'BAD_REQUEST',
    );
    const rows = await app.database.db.modelPhoto.findMany({
      where: { userModelId: id! },
      orderBy: { sortOrder: 'asc' },
    });
    expect(rows.map((row) => [row.id, row.caption])).toEqual([
      [a.id, null],
      [b.id, null],
    ]);
  });

  it("refuses another user's and an anonymous caller's changes", async () => {
    const [id] = await createCollection(owner, 1);
    const photo = await uploadOk(id!);
    await expectTrpcError(
      other.client.collection.photos.caption.mutate({ id: photo.id, caption: 'mine' }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      other.client.collection.photos.reorder.mutate({ userModelId: id!, photoIds: [photo.id] }),
      'NOT_FOUND',
    );
    await expectTrpcError(other.client.collection.photos.delete.mutate({ id: photo.id }), 'NOT_FOUND');
    await expectTrpcError(app.client().collection.photos.delete.mutate({ id: photo.id }), 'UNAUTHORIZED');
    await expectTrpcError(
      app.client().collection.photos.caption.mutate({ id: photo.id, caption: 'x' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(
      app.client().collection.photos.reorder.mutate({ userModelId: id!, photoIds: [photo.id] }),
      'UNAUTHORIZED',
    );
    expect(await app.database.db.modelPhoto.findUniqueOrThrow({ where: { id: photo.id } })).toMatchObject({
      caption: null,
    });
    expect((await fetch(`${app.url}${photo.url}`)).status).toBe(200);
  });

  it("lists a public item's photos for others and hides a private item's", async () => {
    const [shown, hidden] = await createCollection(owner, 2, (i) => ({ isPublic: i === 0 }));
    const photo = await uploadOk(shown!);
    await uploadOk(hidden!);
    expect(
      (await other.client.collection.photos.list.query({ userModelId: shown! })).map((p) => p.id),
    ).toEqual([photo.id]);
    expect((await app.client().collection.photos.list.query({ userModelId: shown! })).length).toBe(1);
    await expectTrpcError(other.client.collection.photos.list.query({ userModelId: hidden! }), 'NOT_FOUND');
    await expectTrpcError(app.client().collection.photos.list.query({ userModelId: hidden! }), 'NOT_FOUND');
  });

  it('deleting an item deletes its photo rows and files', async () => {
    const [id] = await createCollection(owner, 1);
    const photos = [await uploadOk(id!), await uploadOk(id!)];
    await owner.client.collection.delete.mutate({ id: id! });
    expect(await photoRows(id!)).toBe(0);
    for (const photo of photos) {
      expect((await fetch(`${app.url}${photo.url}`)).status).toBe(404);
      expect((await fetch(`${app.url}${photo.thumbnailUrl!}`)).status).toBe(404);
    }
  });
});

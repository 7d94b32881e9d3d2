import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env.ts';
import {
  createStorage,
  isStorageKey,
  keyFromUrl,
  newImageKeys,
  storageUrl,
  thumbnailKeyFor,
} from './storage.ts';
import { createLocalStorage } from './storage/local.ts';
import { createS3Storage, EMPTY_PAYLOAD_HASH, signV4, type S3Config } from './storage/s3.ts';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('storage keys', () => {
  it('are random, well-formed, and map to and from their URLs', () => {
    const a = newImageKeys('avatars', 'webp');
    const b = newImageKeys('avatars', 'webp');
    expect(a.key).not.toBe(b.key);
    expect(a.key).toMatch(/^avatars\/[a-z2-7]{26}\.webp$/);
    expect(a.thumbnailKey).toBe(thumbnailKeyFor(a.key));
    expect(isStorageKey(a.thumbnailKey)).toBe(true);
    expect(keyFromUrl(storageUrl(a.key))).toBe(a.key);
    expect(keyFromUrl('https://lh3.googleusercontent.com/a/photo.jpg')).toBeNull();
    expect(keyFromUrl(null)).toBeNull();
    for (const bad of [
      '../etc/passwd',
      'avatars/../../x.webp',
      'avatars/short.webp',
      `avatars/${'a'.repeat(26)}.svg`,
    ]) {
      expect(isStorageKey(bad)).toBe(false);
      expect(keyFromUrl(`/uploads/${bad}`)).toBeNull();
    }
  });
});

describe('local storage', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'pc-storage-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('puts, gets and deletes files under the root by key', async () => {
    const storage = createLocalStorage(root);
    const { key } = newImageKeys('photos', 'jpg');
    await storage.put(key, Buffer.from('jpeg bytes'), 'image/jpeg');
    const stored = await storage.get(key);
    expect(stored).toMatchObject({ size: 10, contentType: 'image/jpeg' });
    expect(await text(stored!.body)).toBe('jpeg bytes');
    // No partial files left behind beside it.
    expect(await readdir(path.join(root, 'photos'))).toEqual([key.split('/')[1]]);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('refuses anything that is not a storage key', async () => {
    const storage = createLocalStorage(root);
    await expect(storage.put('../escape.webp', Buffer.from('x'), 'image/webp')).rejects.toThrow(
      /storage key/,
    );
    await expect(storage.get('avatars/../../etc/passwd')).rejects.toThrow(/storage key/);
  });
});

describe('choosing the store from the env', () => {
  it('uses local disk unless S3 is configured, and refuses half an S3 configuration', () => {
    expect(createStorage(parseEnv({ UPLOAD_DIR: '/tmp/pc-uploads' })).kind).toBe('local');
    const s3 = parseEnv({
      S3_BUCKET: 'minis',
      S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(createStorage(s3).kind).toBe('s3');
    expect(() => createStorage(parseEnv({ S3_BUCKET: 'minis' }))).toThrow(/together/);
  });
});

describe('S3 request signing (Signature Version 4)', () => {
  it("matches AWS's published GET Object example", () => {
    // docs.aws.amazon.com, "Signature Calculations for the Authorization Header", GET Object.
    const headers = signV4(
      {
        method: 'GET',
        host: 'examplebucket.s3.amazonaws.com',
        path: '/test.txt',
        headers: { range: 'bytes=0-9' },
        payloadHash: EMPTY_PAYLOAD_HASH,
      },
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      'us-east-1',
      new Date('2013-05-24T00:00:00Z'),
    );
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});

const config: S3Config = {
  endpoint: 'https://objects.example.test',
  bucket: 'plastic-crack',
  region: 'eu-central-1',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

interface Captured {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** A fetch that records each request and answers from a script. */
function recordingFetch(answer: (request: Captured) => Response) {
  const requests: Captured[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const request: Captured = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body ? Buffer.from(init.body as Uint8Array) : null,
    };
    requests.push(request);
    return answer(request);
  }) as typeof fetch;
  return { requests, fetchImpl };
}

describe('S3 adapter requests', () => {
  const now = new Date('2026-11-25T10:20:30.456Z');
  const key = 'avatars/abcdefghijklmnopqrstuvwxyz.webp';

  it('PUTs path-style with the payload hash, content type and a signature over them', async () => {
    const { requests, fetchImpl } = recordingFetch(() => new Response(null, { status: 200 }));
    const storage = createS3Storage(config, fetchImpl, () => now);
    const body = Buffer.from('RIFF....WEBPVP8 pretend image');
    await storage.put(key, body, 'image/webp');

    expect(requests).toHaveLength(1);
    const [put] = requests;
    expect(put!.method).toBe('PUT');
    expect(put!.url).toBe(`https://objects.example.test/plastic-crack/${key}`);
    expect(put!.body).toEqual(body);
    expect(put!.headers).toMatchObject({
      'content-type': 'image/webp',
      'x-amz-date': '20261125T102030Z',
      'x-amz-content-sha256': sha256(body),
    });
    expect(put!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261125\/eu-central-1\/s3\/aws4_request,SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,Signature=[0-9a-f]{64}$/,
    );
    const expected = signV4(
      {
        method: 'PUT',
        host: 'objects.example.test',
        path: `/plastic-crack/${key}`,
        headers: { 'content-type': 'image/webp' },
        payloadHash: sha256(body),
      },
      config,
      config.region,
      now,
    );
    expect(put!.headers.authorization).toBe(expected.authorization);
    // The secret itself never travels.
    expect(JSON.stringify(put!.headers)).not.toContain(config.secretAccessKey);
  });

  it('GETs an object as a stream, answers null for a missing one, and DELETEs', async () => {
    const { requests, fetchImpl } = recordingFetch((request) => {
      if (request.method === 'GET' && request.url.endsWith('missing.webp'))
        return new Response('<Error><Code>NoSuchKey</Code></Error>', { status: 404 });
      if (request.method === 'GET')
        return new Response('image bytes', { status: 200, headers: { 'content-length': '11' } });
      return new Response(null, { status: 204 });
    });
    const storage = createS3Storage(config, fetchImpl, () => now);
    const stored = await storage.get(key);
    expect(stored).toMatchObject({ size: 11, contentType: 'image/webp' });
    expect(await text(stored!.body)).toBe('image bytes');
    expect(await storage.get('avatars/missing.webp')).toBeNull();
    await storage.delete(key);
    expect(requests.map((request) => request.method)).toEqual(['GET', 'GET', 'DELETE']);
    for (const request of requests) {
      expect(request.headers['x-amz-content-sha256']).toBe(EMPTY_PAYLOAD_HASH);
      expect(request.headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date,');
    }
  });

  it('turns an error status into an error that names neither the secret nor the body', async () => {
    const { fetchImpl } = recordingFetch(
      () => new Response('<Error>SignatureDoesNotMatch</Error>', { status: 403 }),
    );
    const storage = createS3Storage(config, fetchImpl, () => now);
    const failure = await storage.put(key, Buffer.from('x'), 'image/webp').catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(`S3 PUT ${key} failed with HTTP 403`);
  });
});

describe('S3 adapter over HTTP', () => {
  // A stand-in S3 server that checks every signature exactly as it arrives on the wire.
  const objects = new Map<string, { body: Buffer; type: string }>();
  let server: http.Server;
  let endpoint: string;
  const rejected: string[] = [];

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
      const payloadHash = req.method === 'PUT' ? sha256(body) : EMPTY_PAYLOAD_HASH;
      const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(String(req.headers['x-amz-date']));
      const signed = date
        ? signV4(
            { method: req.method!, host: req.headers.host!, path: req.url!, headers, payloadHash },
            config,
            config.region,
            new Date(Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!)),
          )
        : null;
      if (
        !signed ||
        signed.authorization !== req.headers.authorization ||
        req.headers['x-amz-content-sha256'] !== payloadHash
      ) {
        rejected.push(`${req.method} ${req.url}`);
        res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      const objectKey = req.url!;
      if (req.method === 'PUT') {
        objects.set(objectKey, { body, type: headers['content-type'] ?? '' });
        res.writeHead(200).end();
      } else if (req.method === 'GET') {
        const object = objects.get(objectKey);
        if (!object) res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
        else res.writeHead(200, { 'content-length': object.body.length }).end(object.body);
      } else if (req.method === 'DELETE') {
        objects.delete(objectKey);
        res.writeHead(204).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('round-trips an object with requests the server accepts', async () => {
    const storage = createS3Storage({ ...config, endpoint });
    const { key } = newImageKeys('photos', 'jpg');
    const body = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await storage.put(key, body, 'image/jpeg');
    expect(objects.get(`/plastic-crack/${key}`)).toEqual({ body, type: 'image/jpeg' });
    const stored = await storage.get(key);
    const chunks: Buffer[] = [];
    for await (const chunk of stored!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(body);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(rejected).toEqual([]);
  });

  it('is refused by the server when the credentials are wrong', async () => {
    const storage = createS3Storage({ ...config, endpoint, secretAccessKey: 'not-the-secret' });
    await expect(
      storage.put(newImageKeys('photos', 'jpg').key, Buffer.from('x'), 'image/jpeg'),
    ).rejects.toThrow(/HTTP 403/);
    expect(rejected).toHaveLength(1);
  });
});

import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Storage, StoredObject } from '../storage.ts';
import { contentTypeForKey, storageUrl } from './keys.ts';

/**
 * An S3-compatible object store (AWS S3, MinIO, Cloudflare R2, Garage…) over plain fetch with
 * Signature Version 4, path-style addressing (what every S3-compatible server accepts). Three calls
 * do not justify the AWS SDK's weight.
 */

export interface S3Config {
  /** e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000 (MinIO). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export const EMPTY_PAYLOAD_HASH = createHash('sha256').update('').digest('hex');

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface SignableRequest {
  method: string;
  host: string;
  /** Already URI-encoded, e.g. /bucket/avatars/abc.webp. */
  path: string;
  /** Extra headers to sign (lower- or mixed-case names); host and x-amz-date are added. */
  headers: Record<string, string>;
  payloadHash: string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The headers that sign a request: x-amz-date, x-amz-content-sha256 and authorization. */
export function signV4(
  request: SignableRequest,
  credentials: Credentials,
  region: string,
  now: Date,
  service = 's3',
): Record<string, string> {
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  headers.host = request.host;
  headers['x-amz-date'] = amzDate;
  headers['x-amz-content-sha256'] = request.payloadHash;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    request.path,
    '', // no query string in any call this store makes
    ...names.map((name) => `${name}:${headers[name]}`),
    '',
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service),
    'aws4_request',
  );
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return {
    'x-amz-date': amzDate,
    'x-amz-content-sha256': request.payloadHash,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}

type Fetch = typeof fetch;

export function createS3Storage(
  config: S3Config,
  fetchImpl: Fetch = fetch,
  clock: () => Date = () => new Date(),
): Storage {
  const endpoint = new URL(config.endpoint);
  const basePath = endpoint.pathname.replace(/\/+$/, '');
  const objectPath = (key: string) =>
    `${basePath}/${encodeRfc3986(config.bucket)}/${key.split('/').map(encodeRfc3986).join('/')}`;

  async function send(method: 'PUT' | 'GET' | 'DELETE', key: string, body?: Buffer, contentType?: string) {
    const path = objectPath(key);
    const extra: Record<string, string> = contentType ? { 'content-type': contentType } : {};
    const signed = signV4(
      {
        method,
        host: endpoint.host,
        path,
        headers: extra,
        payloadHash: body ? sha256Hex(body) : EMPTY_PAYLOAD_HASH,
      },
      config,
      config.region,
      clock(),
    );
    return fetchImpl(`${endpoint.origin}${path}`, {
      method,
      headers: { ...extra, ...signed },
      body: body ? new Uint8Array(body) : undefined,
    });
  }

  const failed = (what: string, key: string, response: Response) =>
    new Error(`S3 ${what} ${key} failed with HTTP ${response.status}`);

  return {
    kind: 's3',
    async put(key, body, contentType) {
      const response = await send('PUT', key, body, contentType);
      await response.body?.cancel();
      if (!response.ok) throw failed('PUT', key, response);
    },
    async get(key): Promise<StoredObject | null> {
      const response = await send('GET', key);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw failed('GET', key, response);
      }
      const length = Number(response.headers.get('content-length'));
      return {
        body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        size: Number.isFinite(length) && length >= 0 ? length : null,
        contentType: contentTypeForKey(key),
      };
    },
    async delete(key) {
      const response = await send('DELETE', key);
      await response.body?.cancel();
      // S3 answers 204 whether or not the object existed; some compatible stores say 404.
      if (!response.ok && response.status !== 404) throw failed('DELETE', key, response);
    },
    url: storageUrl,
  };
}

import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Env } from '../env.ts';
import { createLocalStorage } from './storage/local.ts';
import { createS3Storage } from './storage/s3.ts';

export * from './storage/keys.ts';

export interface StoredObject {
  body: Readable;
  /** Bytes, when the store knows it. */
  size: number | null;
  contentType: string;
}

/** Where uploaded files live. Keys come from `newImageKeys` (random, validated shape). */
export interface Storage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** The URL clients load it from (GET /uploads/<key> on the API). */
  url(key: string): string;
}

/** Local disk by default; an S3-compatible store when S3_BUCKET (and its credentials) are set. */
export function createStorage(env: Env): Storage {
  const s3 = [env.S3_BUCKET, env.S3_ACCESS_KEY_ID, env.S3_SECRET_ACCESS_KEY];
  if (s3.some(Boolean)) {
    if (!env.S3_BUCKET || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) {
      throw new Error(
        'Set S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together (S3_ENDPOINT, S3_REGION optional)',
      );
    }
    const region = env.S3_REGION ?? 'us-east-1';
    return createS3Storage({
      endpoint: env.S3_ENDPOINT ?? `https://s3.${region}.amazonaws.com`,
      bucket: env.S3_BUCKET,
      region,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
  }
  return createLocalStorage(env.UPLOAD_DIR ?? path.join(env.DATA_DIR, 'uploads'));
}

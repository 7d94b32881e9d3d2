import { randomBytes } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * Object keys are `<folder>/<26 random base32 chars>[-thumb].<webp|jpg>`: random (never the
 * uploader's file name, never guessable from another key), and a strict shape, so a key taken
 * from a URL can never climb out of the upload directory.
 */
const KEY_PATTERN = /^[a-z]{1,20}\/[a-z2-7]{26}(?:-thumb)?\.(?:webp|jpg)$/;

export type StorageFolder = 'avatars' | 'photos';

export interface StorageKeyPair {
  key: string;
  thumbnailKey: string;
}

/** A fresh random key for an image and its thumbnail. */
export function newImageKeys(folder: StorageFolder, extension: 'webp' | 'jpg'): StorageKeyPair {
  const id = encodeBase32LowerCaseNoPadding(randomBytes(16)).slice(0, 26);
  return { key: `${folder}/${id}.${extension}`, thumbnailKey: `${folder}/${id}-thumb.${extension}` };
}

export function isStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export function contentTypeForKey(key: string): string {
  return key.endsWith('.webp') ? 'image/webp' : 'image/jpeg';
}

export const UPLOADS_PATH = '/uploads/';

/** Every store is served through GET /uploads/<key>, so URLs do not change with the backend. */
export function storageUrl(key: string): string {
  return `${UPLOADS_PATH}${key}`;
}

/** The key behind one of our URLs; null for anything else (e.g. an OAuth provider's picture). */
export function keyFromUrl(url: string | null | undefined): string | null {
  if (!url?.startsWith(UPLOADS_PATH)) return null;
  const key = url.slice(UPLOADS_PATH.length);
  return isStorageKey(key) ? key : null;
}

/** The thumbnail's key for an image key. */
export function thumbnailKeyFor(key: string): string {
  return key.replace(/\.(webp|jpg)$/, '-thumb.$1');
}

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../env.ts';

/**
 * Authenticated encryption for secrets kept in the database (OAuth provider tokens).
 * Ciphertext: `v1.<iv>.<tag>.<data>`, each part base64url; the version names the key and algorithm,
 * so a later key can be added as v2 while v1 rows stay readable.
 */
export interface Encryption {
  /** `context` is bound to the ciphertext (AES-GCM associated data): it must match to decrypt. */
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
}

export class DecryptionError extends Error {
  constructor() {
    super('Encrypted value could not be decrypted (wrong key, wrong context or tampered)');
    this.name = 'DecryptionError';
  }
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Under DATA_DIR: the random secret the development key is derived from. */
export const DEVELOPMENT_SECRET_FILE = 'encryption-secret';
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes ENCRYPTION_KEY: standard base64 of exactly 32 bytes (`openssl rand -base64 32`). */
export function parseEncryptionKey(value: string): Buffer {
  const trimmed = value.trim();
  if (!BASE64_32_BYTES.test(trimmed)) {
    throw new Error('ENCRYPTION_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)');
  }
  return Buffer.from(trimmed, 'base64');
}

/**
 * ENCRYPTION_KEY when set (required in production). In development and tests without it, a key
 * derived from a random secret under DATA_DIR, so tokens are still never stored in plaintext.
 */
export function createEncryption(env: Pick<Env, 'ENCRYPTION_KEY' | 'DATA_DIR' | 'NODE_ENV'>): Encryption {
  if (env.ENCRYPTION_KEY) return encryptionWithKey(parseEncryptionKey(env.ENCRYPTION_KEY));
  if (env.NODE_ENV === 'production') throw new Error('ENCRYPTION_KEY is required in production');
  let key: Buffer | null = null;
  // The secret file is read (or created) on first use, not at start-up.
  return encryptionWith(() => (key ??= developmentKey(env.DATA_DIR)));
}

export function encryptionWithKey(key: Uint8Array): Encryption {
  if (key.length !== KEY_BYTES) throw new Error(`An encryption key has ${KEY_BYTES} bytes`);
  const copy = Buffer.from(key);
  return encryptionWith(() => copy);
}

function encryptionWith(key: () => Buffer): Encryption {
  return {
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key(), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), data]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(ciphertext, context) {
      const parts = ciphertext.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => BASE64URL.test(p))) {
        throw new DecryptionError();
      }
      const [iv, tag, data] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [
        Buffer,
        Buffer,
        Buffer,
      ];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key(), iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw new DecryptionError();
      }
    },
  };
}

/** HKDF over the secret file's bytes, creating the file (0600) on first use. */
function developmentKey(dataDir: string): Buffer {
  const secret = readOrCreateSecret(path.join(dataDir, DEVELOPMENT_SECRET_FILE));
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'plastic-crack encryption v1', KEY_BYTES));
}

function readOrCreateSecret(file: string): Buffer {
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written to a private temp file, then hard-linked into place: two processes starting at once
  // both end up with the one secret that won the link, never a half-written file.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(temp, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`Could not create the encryption secret at ${file}`);
  return secret;
}

function readSecret(file: string): Buffer | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // A damaged file is an error, never silently replaced: that would orphan every stored token.
  if (!BASE64_32_BYTES.test(text.trim())) {
    throw new Error(`${file} is not a valid encryption secret (base64 of 32 bytes)`);
  }
  return Buffer.from(text.trim(), 'base64');
}

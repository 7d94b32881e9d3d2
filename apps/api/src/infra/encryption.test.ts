import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createEncryption,
  DecryptionError,
  DEVELOPMENT_SECRET_FILE,
  encryptionWithKey,
  parseEncryptionKey,
} from './encryption.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pc-encryption-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const keyText = () => randomBytes(32).toString('base64');
const withKey = (key = keyText()) =>
  createEncryption({ ENCRYPTION_KEY: key, DATA_DIR: '/nonexistent', NODE_ENV: 'production' });

/** Flips one bit of one base64url part of a `v1.iv.tag.data` ciphertext. */
function tamper(ciphertext: string, part: 1 | 2 | 3): string {
  const parts = ciphertext.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('encryption', () => {
  it('round-trips text in the versioned format, with a fresh IV each time', () => {
    const encryption = withKey();
    const token = 'ya29.a0-provider-access-token-ü';
    const first = encryption.encrypt(token, 'ctx');
    const second = encryption.encrypt(token, 'ctx');
    expect(first).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(token);
    expect(encryption.decrypt(first, 'ctx')).toBe(token);
    expect(encryption.decrypt(second, 'ctx')).toBe(token);
    expect(encryption.decrypt(encryption.encrypt('', 'ctx'), 'ctx')).toBe('');
  });

  it('detects tampering with the IV, the tag or the data', () => {
    const encryption = withKey();
    const ciphertext = encryption.encrypt('refresh-token', 'ctx');
    for (const part of [1, 2, 3] as const) {
      expect(() => encryption.decrypt(tamper(ciphertext, part), 'ctx')).toThrow(DecryptionError);
    }
  });

  it('fails with the wrong key or the wrong context', () => {
    const ciphertext = withKey().encrypt('access-token', 'oauth_providers:google:1:access_token');
    expect(() => withKey().decrypt(ciphertext, 'oauth_providers:google:1:access_token')).toThrow(
      DecryptionError,
    );
    const key = keyText();
    const moved = withKey(key).encrypt('access-token', 'oauth_providers:google:1:access_token');
    expect(() => withKey(key).decrypt(moved, 'oauth_providers:google:2:access_token')).toThrow(
      DecryptionError,
    );
    expect(withKey(key).decrypt(moved, 'oauth_providers:google:1:access_token')).toBe('access-token');
  });

  it('rejects malformed ciphertext and unknown versions', () => {
    const encryption = withKey();
    const valid = encryption.encrypt('x', 'ctx');
    for (const bad of [
      '',
      'plaintext',
      valid.replace(/^v1/, 'v2'),
      `${valid}.extra`,
      valid.replace(/\.[^.]+$/, '.!!'),
    ]) {
      expect(() => encryption.decrypt(bad, 'ctx'), bad).toThrow(DecryptionError);
    }
  });

  it('accepts only base64 of exactly 32 bytes as ENCRYPTION_KEY', () => {
    expect(parseEncryptionKey(keyText())).toHaveLength(32);
    for (const bad of [
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('base64'),
      randomBytes(32).toString('hex'),
      randomBytes(32).toString('base64url'),
    ]) {
      expect(() => parseEncryptionKey(bad), bad).toThrow(/32 bytes/);
      expect(() => withKey(bad)).toThrow(/32 bytes/);
    }
    expect(() => encryptionWithKey(randomBytes(16))).toThrow();
  });

  it('requires ENCRYPTION_KEY in production', () => {
    expect(() => createEncryption({ DATA_DIR: tempDir(), NODE_ENV: 'production' })).toThrow(
      /required in production/,
    );
  });

  it('derives a stable development key from a secret file it creates with mode 0600 on first use', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const env = { DATA_DIR: dir, NODE_ENV: 'development' as const };
    const first = createEncryption(env);
    const file = path.join(dir, DEVELOPMENT_SECRET_FILE);
    expect(() => statSync(file)).toThrow(); // not before first use
    const ciphertext = first.encrypt('dev-token', 'ctx');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const secret = readFileSync(file, 'utf8');
    // Another process (or a restart) reads the same secret and decrypts what the first wrote.
    expect(createEncryption(env).decrypt(ciphertext, 'ctx')).toBe('dev-token');
    expect(readFileSync(file, 'utf8')).toBe(secret);
    // A different DATA_DIR is a different key.
    const elsewhere = createEncryption({ DATA_DIR: tempDir(), NODE_ENV: 'test' });
    expect(() => elsewhere.decrypt(ciphertext, 'ctx')).toThrow(DecryptionError);
  });

  it('refuses a damaged development secret rather than replacing it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, DEVELOPMENT_SECRET_FILE), 'not a secret\n');
    const encryption = createEncryption({ DATA_DIR: dir, NODE_ENV: 'development' });
    expect(() => encryption.encrypt('x', 'ctx')).toThrow(/not a valid encryption secret/);
    expect(readFileSync(path.join(dir, DEVELOPMENT_SECRET_FILE), 'utf8')).toBe('not a secret\n');
  });
});

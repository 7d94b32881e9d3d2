import { createHash } from 'node:crypto';

/** Namespace of every demo id (a fixed, random UUID; changing it changes every seeded id). */
export const SEED_NAMESPACE = '6f1c2d4e-8b3a-4c5d-9e7f-0a1b2c3d4e5f';

const namespaceBytes = new Map<string, Buffer>();

function uuidBytes(uuid: string): Buffer {
  let bytes = namespaceBytes.get(uuid);
  if (!bytes) {
    bytes = Buffer.from(uuid.replace(/-/g, ''), 'hex');
    namespaceBytes.set(uuid, bytes);
  }
  return bytes;
}

function formatUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 9562 UUID version 5: SHA-1 of namespace + name. Same name, same id, on every machine. */
export function uuidv5(name: string, namespace: string = SEED_NAMESPACE): string {
  const digest = createHash('sha1')
    .update(uuidBytes(namespace))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return formatUuid(digest);
}

/** The id of a demo row: `seedId('user', 'demo')`, `seedId('user_model', 'demo', 3)`, ... */
export function seedId(kind: string, ...key: (string | number)[]): string {
  return uuidv5(`${kind}:${key.join(':')}`);
}

/**
 * SQL expression for a scale-mode id: an RFC 9562 version-3-format UUID made from the MD5 of
 * `prefix || key` (the version nibble is 3, the variant bits 10), computed by PostgreSQL itself
 * (it has md5() but no SHA-1), so bulk inserts need no round trip per row.
 */
export function sqlScaleId(prefix: string, keyExpr: string): string {
  const literal = `'${prefix.replace(/'/g, "''")}'`;
  return `overlay(overlay(md5(${literal} || (${keyExpr})::text) placing '3' from 13) placing '8' from 17)::uuid`;
}

/** The same id as sqlScaleId, computed in TypeScript (for tests and for looking rows up). */
export function scaleId(prefix: string, key: string | number): string {
  const hex = createHash('md5').update(`${prefix}${key}`, 'utf8').digest('hex');
  const fixed = `${hex.slice(0, 12)}3${hex.slice(13, 16)}8${hex.slice(17)}`;
  return formatUuid(Buffer.from(fixed, 'hex'));
}

import type { z } from 'zod';
import { badInput } from '../errors.ts';

/** Opaque to clients: base64url JSON, so its content can change without breaking their code. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** Any cursor the API did not hand out (or handed out for another list) is a typed BAD_REQUEST. */
export function decodeCursor<T>(raw: string, shape: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badInput('That page cursor is not valid', 'cursor');
  }
  const result = shape.safeParse(parsed);
  if (!result.success) throw badInput('That page cursor is not valid', 'cursor');
  return result.data;
}

import type { z } from 'zod';
import { badInput } from '../errors.ts';

/** Opaque to clients (base64url JSON), so what a cursor holds can change without breaking them. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** A cursor the API did not hand out, or handed out for another list or order, is a BAD_REQUEST. */
export function decodeCursor<T>(raw: string, shape: z.ZodType<T>): T {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw badInput('That page cursor is not valid; start again from the first page', 'cursor');
  }
  const result = shape.safeParse(parsed);
  if (!result.success)
    throw badInput('That page cursor is not valid; start again from the first page', 'cursor');
  return result.data;
}

import { createHash } from 'node:crypto';
import { hash } from '@node-rs/argon2';

/** Password of every seeded account (the demo users and the scale-mode users). */
export const DEMO_PASSWORD = 'plastic-crack-demo';

/**
 * argon2id hash (the library's default algorithm and cost parameters) of the demo password. The salt is
 * derived from the seed instead of drawn at random so that the seeded rows are identical on every run;
 * that is fine for a published demo password and must never be done for a real one.
 */
export async function hashDemoPassword(seed: number, password: string = DEMO_PASSWORD): Promise<string> {
  const salt = createHash('sha256').update(`plastic-crack-seed-salt:${seed}`).digest().subarray(0, 16);
  return hash(password, { salt });
}

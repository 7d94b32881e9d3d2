import type { Env } from '../env.ts';

export function isAllowedOrigin(
  env: Pick<Env, 'PUBLIC_ORIGIN' | 'ALLOWED_ORIGINS'>,
  origin: string,
): boolean {
  return (
    origin === new URL(env.PUBLIC_ORIGIN).origin ||
    env.ALLOWED_ORIGINS.some((allowed) => new URL(allowed).origin === origin)
  );
}

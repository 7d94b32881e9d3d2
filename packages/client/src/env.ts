import { z } from 'zod';

const schema = z.object({
  PLASTIC_CRACK_URL: z.url().default('http://localhost:3000'),
  PLASTIC_CRACK_IDENTIFIER: z.string().min(3).max(255),
  PLASTIC_CRACK_PASSWORD: z.string().min(1).max(128),
});

/** Settings of the notification watcher; read once, validated. */
export function loadClientEnv() {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    throw new Error(
      `Set PLASTIC_CRACK_IDENTIFIER and PLASTIC_CRACK_PASSWORD (and PLASTIC_CRACK_URL):\n${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}

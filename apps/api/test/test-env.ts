/** The machine's service URLs for tests; everything else in a test's env is explicit. */
export function testEnv(): Record<string, string> {
  const env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_ON_FIRST_START: 'false' };
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  return env;
}

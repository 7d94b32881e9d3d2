import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// One scratch data directory per test process: the dev outbox, uploads and the development
// encryption secret of test APIs never land in the repository's .data/.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'plastic-crack-test-'));

/** The machine's service URLs for tests; everything else in a test's env is explicit. */
export function testEnv(): Record<string, string> {
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_ON_FIRST_START: 'false',
    DATA_DIR: dataDir,
  };
  if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  return env;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point as its own process and waits until `readyPath` answers 200. */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  readyPath: string,
): Promise<RunningProcess> {
  const port = await freePort();
  const child = spawn(tsx, [entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${entry} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The real API as one production-mode node on `databaseUrl`. */
export function startApiNode(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningProcess> {
  return startProcess(
    path.join(repoRoot, 'apps/api/src/main.ts'),
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      SEED_ON_FIRST_START: 'false',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_ORIGIN: 'http://127.0.0.1:1',
      WEB_DIST_DIR: path.join(repoRoot, '.data', 'no-web-build'),
      ...extraEnv,
    },
    '/ready',
  );
}

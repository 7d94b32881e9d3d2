/**
 * Browser end-to-end harness: the real API, in-process, on a free port over its own freshly
 * migrated test database, serving the built SPA from apps/web/dist (exactly as in production),
 * driven by Debian's headless Chromium through playwright-core.
 *
 *   const app = await startApp();           // builds the web app first if its sources changed
 *   const browser = await launchBrowser();
 *   const page = await (await browser.newContext()).newPage();
 *   const errors = watchConsole(page);
 *   await page.goto(app.url('/status'));
 *   …
 *   afterAll(stop);                          // closes every browser and app started here
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@plastic-crack/db/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Services } from '../../api/src/context.ts';
import { parseEnv } from '../../api/src/env.ts';
import { createApiServer, type ApiServer } from '../../api/src/http/server.ts';
import { closeServices, createServices } from '../../api/src/services.ts';
import { testEnv } from '../../api/test/test-env.ts';

export const WEB_DIR = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');
export const REPO_ROOT = path.resolve(WEB_DIR, '../..');
export const DIST_DIR = path.join(WEB_DIR, 'dist');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'web-e2e');
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why the browser tests cannot run here, or null when they can. Only a developer machine without
 * Chromium skips; in CI a missing browser is a failure (launchBrowser throws).
 */
export const skipReason: string | null =
  !existsSync(CHROMIUM_PATH) && process.env.CI !== 'true'
    ? `Browser tests skipped: ${CHROMIUM_PATH} is missing. Install it with \`apt-get update && apt-get install -y chromium\`.`
    : null;

// ---------------------------------------------------------------------------------------------
// The built web app

/** Everything whose change means dist is out of date. */
const BUILD_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'];

/** Newest modification time under a path; directories count too, so a deleted file is noticed. */
function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function distIsFresh(): boolean {
  const builtIndex = path.join(DIST_DIR, 'index.html');
  if (!existsSync(builtIndex)) return false;
  const built = statSync(builtIndex).mtimeMs;
  const sources = Math.max(
    ...BUILD_INPUTS.map((input) => newestMtime(path.join(WEB_DIR, input))),
    newestMtime(path.join(REPO_ROOT, 'pnpm-lock.yaml')),
  );
  return built > sources;
}

let buildChecked = false;

/** Runs `vite build` unless dist is newer than every source; once per test process. */
export function ensureWebBuild(): void {
  if (buildChecked) return;
  if (!distIsFresh()) {
    const vite = path.join(WEB_DIR, 'node_modules', 'vite', 'bin', 'vite.js');
    try {
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
        cwd: WEB_DIR,
        stdio: 'pipe',
        env: { ...process.env, NODE_ENV: 'production' },
      });
    } catch (error) {
      const output = error as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `vite build failed:\n${output.stdout?.toString() ?? ''}${output.stderr?.toString() ?? ''}`,
        {
          cause: error,
        },
      );
    }
  }
  buildChecked = true;
}

// ---------------------------------------------------------------------------------------------
// The API serving the SPA

export interface RunningApp {
  /** e.g. http://127.0.0.1:43817 — also the API's PUBLIC_ORIGIN, so cookies and origin checks hold. */
  origin: string;
  /** An absolute URL for a path on the app: `app.url('/status')`. */
  url(pathname?: string): string;
  services: Services;
  database: TestDatabase;
  api: ApiServer;
  stop(): Promise<void>;
}

const running = new Set<{ stop(): Promise<void> }>();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the API in-process on a free port, over a fresh test database, serving the built SPA.
 * `env` overrides settings (e.g. SMTP_URL for a sign-up test). Each app gets its own DATA_DIR
 * (dev outbox, uploaded images) and its own rate-limit counters, so runs never see each other's
 * mail or use up each other's sign-up allowance in a shared Redis.
 */
export async function startApp(options: { env?: Record<string, string> } = {}): Promise<RunningApp> {
  ensureWebBuild();
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pc-web-e2e-'));
  // PUBLIC_ORIGIN must be known before the server is built, so the port is chosen first.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = parseEnv({
    ...testEnv(),
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_ORIGIN: origin,
    WEB_DIST_DIR: DIST_DIR,
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    ...options.env,
  });
  const services = createServices(env, database.url, {
    db: database.db,
    rateLimits: { keyPrefix: `web-e2e:${randomUUID()}` },
  });
  // Open the pool now: a cold first connection on a busy machine can outlast the readiness
  // probe's 1.5 s timeout and report PostgreSQL "down" to the first page that asks.
  await services.db.$queryRaw`SELECT 1`;
  const api = createApiServer(services);
  await api.ready;
  await new Promise<void>((resolve, reject) => {
    api.server.once('error', reject);
    api.server.listen(port, '127.0.0.1', () => resolve());
  });

  let stopped = false;
  const app: RunningApp = {
    origin,
    url: (pathname = '/') => new URL(pathname, origin).toString(),
    services,
    database,
    api,
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(app);
      await api.close();
      await closeServices(services);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  running.add(app);
  return app;
}

// ---------------------------------------------------------------------------------------------
// The browser

/**
 * Headless Chromium. Playwright gives each launch a fresh temporary --user-data-dir of its own
 * (it refuses that flag in `args`) and deletes it on close; use one `browser.newContext()` per
 * simulated person, so two users in a chat test share nothing.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install it with \`apt-get install -y chromium\``);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const handle = {
    async stop() {
      running.delete(handle);
      await browser.close();
    },
  };
  running.add(handle);
  return browser;
}

/**
 * Collects console errors and uncaught page errors as they happen; assert the list is empty at
 * the end of a test. `ignore` drops expected ones (e.g. a request a test blocks on purpose).
 */
export function watchConsole(page: Page, options: { ignore?: RegExp[] } = {}): string[] {
  const problems: string[] = [];
  const ignored = (text: string) => options.ignore?.some((pattern) => pattern.test(text)) ?? false;
  page.on('console', (message) => {
    if (message.type() === 'error' && !ignored(message.text())) {
      const { url, lineNumber } = message.location();
      problems.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => {
    if (!ignored(error.message)) problems.push(`uncaught: ${error.message}`);
  });
  return problems;
}

/** Where a screenshot goes: test-results/web-e2e/<name>.png (gitignored). */
export function screenshotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, `${name}.png`);
}

/** Stops every browser and app this harness started; use as `afterAll(stop)`. */
export async function stop(): Promise<void> {
  // Newest first: browsers (launched after their app) close before the servers they talk to.
  const all = [...running].reverse();
  running.clear();
  const failures: unknown[] = [];
  for (const resource of all) {
    try {
      await resource.stop();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}

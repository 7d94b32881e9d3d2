import { summarise, round, type LatencySummary } from './stats.ts';

export interface LoadResult {
  latency: LatencySummary;
  errors: number;
  requestsPerSecond: number;
}

/**
 * Open-loop load at a fixed arrival rate. Latency is measured from each request's scheduled start,
 * so a stalled server shows up in the tail instead of silently lowering the offered load.
 */
export async function fixedRate(options: {
  rate: number;
  durationMs: number;
  request: () => Promise<void>;
}): Promise<LoadResult> {
  const total = Math.round((options.rate * options.durationMs) / 1000);
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const scheduled = started + index * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      options.request().then(
        () => void latencies.push(performance.now() - scheduled),
        () => void (errors += 1),
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - started) / 1000;
  return { latency: summarise(latencies), errors, requestsPerSecond: round(latencies.length / elapsedS) };
}

/** Closed-loop saturation: `concurrency` workers issue requests back to back for `durationMs`. */
export async function maxThroughput(options: {
  concurrency: number;
  durationMs: number;
  request: () => Promise<void>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        try {
          await options.request();
          latencies.push(performance.now() - begun);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  return { latency: summarise(latencies), errors, requestsPerSecond: round(latencies.length / elapsedS) };
}

/** Runs `request` a few hundred times first so JIT, pools and caches are warm on both sides. */
export async function warmUp(request: () => Promise<void>, count = 300, concurrency = 8): Promise<void> {
  let remaining = count;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining-- > 0) await request().catch(() => {});
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

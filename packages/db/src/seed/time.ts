export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * The demo data's "now": every demo timestamp is an offset from it, so the rows are the same whatever
 * day the seed runs. It is a fixed instant, clamped to the start of today (UTC) on a machine whose clock
 * is earlier, so that no date lands in the future (the database rejects future purchase dates).
 */
export const DEMO_EPOCH = new Date('2026-11-20T12:00:00.000Z');

export function demoEpoch(now: Date = new Date()): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(Math.min(DEMO_EPOCH.getTime(), today));
}

/** YYYY-MM-DD (UTC). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

import pg from 'pg';
import type { Db } from './client.ts';

/** Tables partitioned by month on created_at (see the init migration). */
export const PARTITIONED_TABLES = ['activities', 'audit_logs'] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

/** Months of partitions kept ready ahead of the current month. */
export const DEFAULT_MONTHS_AHEAD = 3;

type Target = Db | string;

async function query(target: Target, sql: string, params: unknown[]): Promise<string[]> {
  if (typeof target === 'string') {
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(sql, params);
      return rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  }
  const rows = await target.$queryRawUnsafe<{ name: string }[]>(sql, ...params);
  return rows.map((row) => row.name);
}

/**
 * Creates the monthly partitions (`<table>_YYYY_MM`, UTC months) of every partitioned table from the
 * current month to `monthsAhead` months ahead, so an insert never fails at the turn of a month.
 * Idempotent and safe to run from several API nodes at once; call it at start-up and daily.
 * Returns the names of the partitions it created.
 */
export async function ensurePartitions(
  target: Target,
  monthsAhead = DEFAULT_MONTHS_AHEAD,
): Promise<string[]> {
  if (!Number.isInteger(monthsAhead) || monthsAhead < 0)
    throw new RangeError('monthsAhead must be an integer >= 0');
  const created: string[] = [];
  for (const table of PARTITIONED_TABLES) {
    created.push(
      ...(await query(target, 'SELECT ensure_monthly_partitions($1::regclass, $2::int) AS name', [
        table,
        monthsAhead,
      ])),
    );
  }
  return created;
}

/**
 * Detaches the monthly partitions of `table` whose month is more than `keepMonths` months before the
 * current month (0 keeps only the current month). Detached tables stay in the database for archiving
 * unless `drop` is set. Returns their names.
 */
export async function detachOldPartitions(
  target: Target,
  table: PartitionedTable,
  keepMonths: number,
  options: { drop?: boolean } = {},
): Promise<string[]> {
  if (!Number.isInteger(keepMonths) || keepMonths < 0)
    throw new RangeError('keepMonths must be an integer >= 0');
  return query(target, 'SELECT detach_old_partitions($1::regclass, $2::int, $3::boolean) AS name', [
    table,
    keepMonths,
    options.drop ?? false,
  ]);
}

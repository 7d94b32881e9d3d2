import type pg from 'pg';

export type Row = Record<string, unknown>;
export type Queryable = Pick<pg.ClientBase, 'query'>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Unexpected identifier ${JSON.stringify(name)}`);
  return name;
}

/**
 * Inserts rows (all with the same keys) as a few multi-row statements. Each chunk travels as one JSON
 * parameter and is expanded by `jsonb_populate_recordset`, so PostgreSQL converts every value to its
 * column type (enums, arrays, jsonb, timestamps) and columns left out keep their defaults.
 * `onConflict` is the ON CONFLICT clause (default: `DO NOTHING`); returns the RETURNING rows.
 */
export async function insertRows<R extends Row = Row>(
  db: Queryable,
  table: string,
  rows: readonly Row[],
  options: { onConflict?: string; returning?: string; chunkSize?: number } = {},
): Promise<R[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]!).map(ident);
  const list = columns.join(', ');
  const conflict = options.onConflict ?? 'DO NOTHING';
  const returning = options.returning ? ` RETURNING ${options.returning}` : '';
  const sql =
    `INSERT INTO ${ident(table)} (${list}) SELECT ${list} ` +
    `FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb) ON CONFLICT ${conflict}${returning}`;
  const chunkSize = options.chunkSize ?? 2000;
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += chunkSize) {
    const result = await db.query<R>(sql, [JSON.stringify(rows.slice(i, i + chunkSize))]);
    out.push(...result.rows);
  }
  return out;
}

/** Like insertRows, but returns how many rows were actually inserted (conflicting rows are skipped). */
export async function insertCount(
  db: Queryable,
  table: string,
  rows: readonly Row[],
  options: { onConflict?: string; chunkSize?: number } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!).map(ident);
  const list = columns.join(', ');
  const sql =
    `WITH inserted AS (INSERT INTO ${ident(table)} (${list}) SELECT ${list} ` +
    `FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb) ON CONFLICT ${options.onConflict ?? 'DO NOTHING'} RETURNING 1) ` +
    'SELECT count(*)::int AS n FROM inserted';
  const chunkSize = options.chunkSize ?? 2000;
  let total = 0;
  for (let i = 0; i < rows.length; i += chunkSize) {
    const result = await db.query<{ n: number }>(sql, [JSON.stringify(rows.slice(i, i + chunkSize))]);
    total += result.rows[0]?.n ?? 0;
  }
  return total;
}

/** First day (00:00 UTC) of the month containing `date`. */
export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

/**
 * Makes sure `<table>_YYYY_MM` partitions (UTC months, the naming of the migration's
 * `ensure_monthly_partitions`) exist for every month from `from` to `to`, past months included (that
 * function only creates the current month and later ones). Rows already sitting in the DEFAULT
 * partition for such a month are moved into the new partition, as that function does. Must run inside
 * a transaction: it takes the same advisory lock as `ensure_monthly_partitions`.
 */
export async function ensureMonthPartitions(
  db: Queryable,
  table: string,
  from: Date,
  to: Date,
): Promise<string[]> {
  const parent = ident(table);
  await db.query(
    `SELECT pg_advisory_xact_lock(hashtext('ensure_monthly_partitions'), $1::regclass::oid::integer)`,
    [parent],
  );
  const {
    rows: [info],
  } = await db.query<{ default_partition: string | null }>(
    `SELECT (SELECT inh.inhrelid::regclass::text
               FROM pg_inherits inh JOIN pg_class c ON c.oid = inh.inhrelid
              WHERE inh.inhparent = $1::regclass AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT') AS default_partition`,
    [parent],
  );
  const created: string[] = [];
  for (let month = monthStart(from); month <= to; month = addMonths(month, 1)) {
    const next = addMonths(month, 1);
    const name = `${parent}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
    const { rows } = await db.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
      name,
    ]);
    if (rows[0]?.exists) continue;
    const range = [month.toISOString(), next.toISOString()];
    let hasRows = false;
    if (info?.default_partition) {
      const check = await db.query<{ has: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${info.default_partition} WHERE created_at >= $1 AND created_at < $2) AS has`,
        range,
      );
      hasRows = check.rows[0]?.has ?? false;
    }
    const bounds = `FROM ('${range[0]}') TO ('${range[1]}')`;
    if (hasRows) {
      await db.query(`CREATE TABLE ${name} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await db.query(
        `WITH moved AS (DELETE FROM ${info!.default_partition} WHERE created_at >= $1 AND created_at < $2 RETURNING *)
         INSERT INTO ${name} SELECT * FROM moved`,
        range,
      );
      await db.query(`ALTER TABLE ${parent} ATTACH PARTITION ${name} FOR VALUES ${bounds}`);
    } else {
      await db.query(`CREATE TABLE ${name} PARTITION OF ${parent} FOR VALUES ${bounds}`);
    }
    created.push(name);
  }
  return created;
}

/** Prints how long each phase took; `total()` prints the sum. */
export class PhaseTimer {
  private readonly started = performance.now();
  readonly phases: { name: string; ms: number }[] = [];

  constructor(private readonly log: (line: string) => void) {}

  async run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const result = await work();
    const ms = performance.now() - start;
    this.phases.push({ name, ms });
    this.log(`  ${name.padEnd(38)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
    return result;
  }

  total(): number {
    const ms = performance.now() - this.started;
    this.log(`  ${'total'.padEnd(38)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
    return ms;
  }
}

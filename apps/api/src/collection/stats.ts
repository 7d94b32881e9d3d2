import type { Db } from '@plastic-crack/db';

/**
 * The owner's collection figures. Totals come from the user_stats view (items, not wishlist;
 * money = purchase_price × quantity, summed whatever the currency — `currencies` says which were
 * used). Items are counted as rows: a box of ten at one stage is one item of quantity ten.
 */
export interface CollectionStats {
  items: number;
  quantity: number;
  factions: number;
  paintedItems: number;
  /** painted / items, 0 to 1 ("painted" = finished or showcase_ready); 0 for an empty collection. */
  paintedShare: number;
  spent: number;
  /** The pile of shame: unpainted items and what they cost. */
  unpainted: { items: number; value: number };
  currencies: string[];
  /** At the end of each month (or now, for the current one), oldest first. */
  paintedShareByMonth: { month: string; items: number; paintedItems: number; paintedShare: number }[];
  /** Priced items by purchase month (items without a purchase date are not in it), oldest first. */
  spendByMonth: { month: string; spent: number; items: number }[];
}

const share = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

export async function collectionStats(db: Db, userId: string, months: number): Promise<CollectionStats> {
  const [totals, currencies, progress, spend] = await Promise.all([
    db.userStat.findUnique({ where: { id: userId } }),
    db.$queryRaw<{ currency: string }[]>`
      SELECT DISTINCT currency FROM user_models
      WHERE user_id = ${userId}::uuid AND NOT is_wishlist AND purchase_price IS NOT NULL
      ORDER BY currency`,
    // Replays the stage history: each item adds 1 when it was added (from_status NULL) and the
    // painted count moves by +1/-1 as an item enters/leaves a painted stage. Changes older than the
    // window count into its first month, so the running sums start from the right baseline.
    db.$queryRaw<{ month: string; items: number; painted: number }[]>`
      WITH months AS (
        SELECT generate_series(
          date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - make_interval(months => ${months - 1}::int),
          date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
          interval '1 month') AS month
      ),
      changes AS (
        SELECT greatest(date_trunc('month', h.changed_at AT TIME ZONE 'UTC'), (SELECT min(month) FROM months)) AS month,
          sum(CASE WHEN h.from_status IS NULL THEN 1 ELSE 0 END) AS items,
          sum(CASE WHEN h.to_status IN ('finished', 'showcase_ready') THEN 1 ELSE 0 END
            - CASE WHEN h.from_status IN ('finished', 'showcase_ready') THEN 1 ELSE 0 END) AS painted
        FROM painting_status_history h
        JOIN user_models um ON um.id = h.user_model_id
        WHERE um.user_id = ${userId}::uuid AND NOT um.is_wishlist
        GROUP BY 1
      )
      SELECT to_char(m.month, 'YYYY-MM') AS month,
        (sum(coalesce(c.items, 0)) OVER running)::int AS items,
        (sum(coalesce(c.painted, 0)) OVER running)::int AS painted
      FROM months m LEFT JOIN changes c ON c.month = m.month
      WINDOW running AS (ORDER BY m.month)
      ORDER BY m.month`,
    db.$queryRaw<{ month: string; spent: string; items: number }[]>`
      WITH months AS (
        SELECT generate_series(
          date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - make_interval(months => ${months - 1}::int),
          date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC'),
          interval '1 month') AS month
      ),
      bought AS (
        SELECT date_trunc('month', um.purchase_date::timestamp) AS month,
          sum(um.purchase_price * um.quantity) AS spent, count(*) AS items
        FROM user_models um
        WHERE um.user_id = ${userId}::uuid AND NOT um.is_wishlist AND um.purchase_price IS NOT NULL
          AND um.purchase_date >= (SELECT min(month) FROM months)::date
        GROUP BY 1
      )
      SELECT to_char(m.month, 'YYYY-MM') AS month, coalesce(b.spent, 0)::text AS spent,
        coalesce(b.items, 0)::int AS items
      FROM months m LEFT JOIN bought b ON b.month = m.month
      ORDER BY m.month`,
  ]);

  const items = totals?.totalModels ?? 0;
  const paintedItems = totals?.paintedModels ?? 0;
  return {
    items,
    quantity: totals?.totalQuantity ?? 0,
    factions: totals?.factionCount ?? 0,
    paintedItems,
    paintedShare: share(paintedItems, items),
    spent: Number(totals?.totalSpent ?? 0),
    unpainted: { items: totals?.unpaintedModels ?? 0, value: Number(totals?.unpaintedValue ?? 0) },
    currencies: currencies.map((row) => row.currency),
    paintedShareByMonth: progress.map((row) => ({
      month: row.month,
      items: row.items,
      paintedItems: row.painted,
      paintedShare: share(row.painted, row.items),
    })),
    spendByMonth: spend.map((row) => ({ month: row.month, spent: Number(row.spent), items: row.items })),
  };
}

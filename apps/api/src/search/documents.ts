import type { Db } from '@plastic-crack/db';
import type { CatalogSearchDocument } from './catalog-search.ts';

/**
 * Every catalogue entry as a search document, in id order, a batch at a time: what an external index
 * is rebuilt from (PostgreSQL is the truth, the index is derived).
 */
export async function* catalogSearchDocuments(
  db: Db,
  batchSize = 500,
): AsyncGenerator<CatalogSearchDocument[]> {
  let afterId: string | undefined;
  for (;;) {
    const rows = await db.catalogModel.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      orderBy: { id: 'asc' },
      take: batchSize,
      select: {
        id: true,
        slug: true,
        name: true,
        gameSystemId: true,
        factionId: true,
        modelType: true,
        tags: true,
        description: true,
        loreDescription: true,
        discontinued: true,
      },
    });
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) return;
  }
}

import { Prisma, type Db } from '@plastic-crack/db';
import {
  assertSearchLimit,
  decodeSearchCursor,
  encodeSearchCursor,
  searchTerms,
  type CatalogSearch,
  type CatalogSearchFilters,
  type CatalogSearchHit,
} from './catalog-search.ts';

/**
 * Catalogue search inside PostgreSQL, over what the init migration maintains: `search_vector`
 * (trigger: name A, tags B, description C, lore D; GIN `idx_models_search`) and the trigram index
 * `idx_models_name_trgm` on name.
 *
 * Every word of the query must match, either as a prefix in the full-text document (`word:*`) or,
 * for typos, by trigram word similarity with the name (`word <% name`, pg_trgm's
 * word_similarity_threshold, 0.6 by default). Stop words ("the", "of") are ignored.
 * Ranking: entries where every word matched in full text score above 1 (1 + ts_rank normalised to
 * [0, 1)), above entries that needed a typo match, which score at most 1 (the mean per-word
 * similarity); within each, a name closer to the whole query comes first.
 */
export function createPostgresCatalogSearch(db: Db): CatalogSearch {
  return {
    kind: 'postgres',

    async search(query, filters, limit, cursor) {
      assertSearchLimit(limit);
      const after = cursor === undefined ? null : decodeSearchCursor(cursor);
      const terms = searchTerms(query);
      if (terms.length === 0) return { hits: [], nextCursor: null };

      const rows = await db.$queryRaw<{ entry_id: string; score: number }[]>(
        rankedQuery(terms, filters, after, limit + 1),
      );
      const hits: CatalogSearchHit[] = rows.map((row) => ({ id: row.entry_id, score: Number(row.score) }));
      const more = hits.length > limit;
      const page = hits.slice(0, limit);
      return { hits: page, nextCursor: more ? encodeSearchCursor(page[page.length - 1]!) : null };
    },

    // The trigger keeps search_vector current inside the same transaction as the write.
    async index() {},
    async remove() {},
    async close() {},
  };
}

function rankedQuery(
  terms: string[],
  filters: CatalogSearchFilters,
  after: { score: number; id: string } | null,
  take: number,
): Prisma.Sql {
  const allTerms = terms.map((term) => `${term}:*`).join(' & ');
  const anyTerm = terms.map((term) => `${term}:*`).join(' | ');
  // One `term <% name` per word, OR'ed, so the trigram GIN index can serve each of them.
  const trigramCandidates = Prisma.join(
    terms.map((term) => Prisma.sql`${term} <% m.name`),
    ' OR ',
  );
  const conditions: Prisma.Sql[] = [];
  if (filters.gameSystemId) conditions.push(Prisma.sql`m.game_system_id = ${filters.gameSystemId}::uuid`);
  if (filters.factionId) conditions.push(Prisma.sql`m.faction_id = ${filters.factionId}::uuid`);
  const filterSql = conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const afterSql = after
    ? Prisma.sql`WHERE score < ${after.score}::float8 OR (score = ${after.score}::float8 AND id > ${after.id}::uuid)`
    : Prisma.empty;

  return Prisma.sql`
    -- MATERIALIZED: each word's tsquery is parsed once, not once per catalogue row.
    WITH terms AS MATERIALIZED (
      SELECT t.term, to_tsquery('english', t.term || ':*') AS tsq
      FROM unnest(${terms}::text[]) AS t(term)
    ),
    ranked AS (
      SELECT m.id,
        (CASE
          WHEN s.fts_terms > 0 AND s.fts_hits = s.fts_terms
            THEN 1 + 0.99 * ts_rank(m.search_vector, to_tsquery('english', ${allTerms}), 32)
          ELSE 0.99 * s.fuzzy
        END
        -- Tie-break among equal matches: the name closest to the whole query ("Intercessor Squad"
        -- before "Heavy Intercessor Squad"); at most 0.01, so it never lifts a typo match above 1.
        + 0.01 * similarity(${terms.join(' ')}, m.name))::float8 AS score
      FROM models_catalog m
      CROSS JOIN LATERAL (
        SELECT
          count(*) FILTER (WHERE numnode(tsq) > 0) AS fts_terms,
          count(*) FILTER (WHERE numnode(tsq) > 0 AND coalesce(m.search_vector @@ tsq, false)) AS fts_hits,
          bool_and(numnode(tsq) = 0 OR coalesce(m.search_vector @@ tsq, false) OR term <% m.name) AS all_match,
          bool_or((numnode(tsq) > 0 AND coalesce(m.search_vector @@ tsq, false)) OR term <% m.name) AS any_match,
          coalesce(
            avg(CASE WHEN coalesce(m.search_vector @@ tsq, false) THEN 1 ELSE word_similarity(term, m.name) END)
              FILTER (WHERE numnode(tsq) > 0),
            avg(word_similarity(term, m.name))
          ) AS fuzzy
        FROM terms
      ) s
      WHERE (m.search_vector @@ to_tsquery('english', ${anyTerm}) OR ${trigramCandidates})
        AND s.all_match AND s.any_match
        ${filterSql}
    )
    SELECT id::text AS entry_id, score FROM ranked
    ${afterSql}
    ORDER BY score DESC, id ASC
    LIMIT ${take}`;
}

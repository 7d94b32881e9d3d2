import { Client, errors, type estypes } from '@elastic/elasticsearch';
import { DomainError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import {
  assertSearchLimit,
  decodeSearchCursor,
  encodeSearchCursor,
  searchTerms,
  type CatalogSearch,
  type CatalogSearchDocument,
  type CatalogSearchFilters,
  type CatalogSearchHit,
} from './catalog-search.ts';

export const CATALOG_INDEX = 'catalog_entries';

/**
 * Names are indexed as edge n-grams (prefix matching: "interc" finds "Intercessor") and searched
 * with fuzziness AUTO (typos: "intercesor"); the other text fields use the English analyzer.
 */
export const catalogIndexSettings = {
  analysis: {
    filter: {
      catalog_edge_ngram: { type: 'edge_ngram', min_gram: 2, max_gram: 25 },
    },
    analyzer: {
      catalog_autocomplete: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding', 'catalog_edge_ngram'],
      },
      catalog_autocomplete_search: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding'],
      },
    },
  },
} satisfies estypes.IndicesIndexSettings;

export const catalogIndexMappings = {
  dynamic: 'strict',
  properties: {
    id: { type: 'keyword' },
    slug: { type: 'keyword' },
    name: {
      type: 'text',
      analyzer: 'catalog_autocomplete',
      search_analyzer: 'catalog_autocomplete_search',
      fields: { english: { type: 'text', analyzer: 'english' } },
    },
    tags: { type: 'text', analyzer: 'english', fields: { keyword: { type: 'keyword' } } },
    description: { type: 'text', analyzer: 'english' },
    loreDescription: { type: 'text', analyzer: 'english' },
    gameSystemId: { type: 'keyword' },
    factionId: { type: 'keyword' },
    modelType: { type: 'keyword' },
    discontinued: { type: 'boolean' },
  },
} satisfies estypes.MappingTypeMapping;

export interface ElasticsearchCatalogSearchOptions {
  client: Client;
  logger: Logger;
  index?: string;
  /** 'wait_for' (default): an administrator's change is searchable when the call returns. */
  refresh?: 'wait_for' | false;
  /** The whole catalogue, loaded into the index when this adapter has to create it. */
  source?: () => AsyncIterable<CatalogSearchDocument[]>;
}

/** The request body a catalogue search sends; exported so tests can assert on it. */
export function catalogSearchRequest(
  index: string,
  query: string,
  filters: CatalogSearchFilters,
  size: number,
  after: { score: number; id: string } | null,
): estypes.SearchRequest {
  const text = searchTerms(query).join(' ');
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (filters.gameSystemId) filter.push({ term: { gameSystemId: filters.gameSystemId } });
  if (filters.factionId) filter.push({ term: { factionId: filters.factionId } });
  return {
    index,
    size,
    _source: false,
    track_total_hits: false,
    query: {
      bool: {
        must: [
          {
            bool: {
              should: [
                {
                  match: {
                    name: { query: text, operator: 'and', fuzziness: 'AUTO', prefix_length: 1, boost: 3 },
                  },
                },
                { match: { 'name.english': { query: text, operator: 'and', boost: 2 } } },
                {
                  multi_match: {
                    query: text,
                    fields: ['tags^2', 'description', 'loreDescription^0.5'],
                    operator: 'and',
                    fuzziness: 'AUTO',
                  },
                },
              ],
              minimum_should_match: 1,
            },
          },
        ],
        filter,
      },
    },
    // id breaks ties so search_after pages never skip or repeat an entry.
    sort: [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }],
    ...(after ? { search_after: [after.score, after.id] } : {}),
  };
}

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

export function createElasticsearchClient(url: string, extra: Partial<ClientOptions> = {}): Client {
  return new Client({ node: url, requestTimeout: 5_000, maxRetries: 2, ...extra });
}

export function createElasticsearchCatalogSearch(options: ElasticsearchCatalogSearchOptions): CatalogSearch {
  const { client, logger } = options;
  const index = options.index ?? CATALOG_INDEX;
  const refresh = options.refresh ?? 'wait_for';
  let indexReady: Promise<void> | null = null;

  // Created on first use rather than at start-up, so an API node starts while Elasticsearch is away.
  function ensureIndex(): Promise<void> {
    indexReady ??= (async () => {
      if (await client.indices.exists({ index })) return;
      try {
        await client.indices.create({
          index,
          settings: catalogIndexSettings,
          mappings: catalogIndexMappings,
        });
        logger.info({ index }, 'created the catalogue search index');
      } catch (error) {
        // Another node created it between our check and our create, and fills it.
        if (errorType(error) === 'resource_already_exists_exception') return;
        throw error;
      }
      if (options.source) await backfill(options.source);
    })().catch((error: unknown) => {
      indexReady = null;
      throw error;
    });
    return indexReady;
  }

  async function backfill(source: () => AsyncIterable<CatalogSearchDocument[]>): Promise<void> {
    try {
      let count = 0;
      for await (const batch of source()) {
        if (batch.length === 0) continue;
        const response = await client.bulk({
          operations: batch.flatMap((document) => [{ index: { _index: index, _id: document.id } }, document]),
        });
        if (response.errors) throw new Error('Elasticsearch refused part of a bulk load');
        count += batch.length;
      }
      await client.indices.refresh({ index });
      logger.info({ index, count }, 'loaded the catalogue into the search index');
    } catch (error) {
      // A half-filled index would look complete to every later start: drop it and retry next time.
      await client.indices.delete({ index }, { ignore: [404] }).catch(() => undefined);
      throw error;
    }
  }

  return {
    kind: 'elasticsearch',

    async search(query, filters, limit, cursor) {
      assertSearchLimit(limit);
      const after = cursor === undefined ? null : decodeSearchCursor(cursor);
      if (searchTerms(query).length === 0) return { hits: [], nextCursor: null };
      try {
        await ensureIndex();
        const response = await client.search(catalogSearchRequest(index, query, filters, limit + 1, after));
        const hits: CatalogSearchHit[] = response.hits.hits.map((hit) => ({
          id: hit._id ?? '',
          score: typeof hit.sort?.[0] === 'number' ? hit.sort[0] : (hit._score ?? 0),
        }));
        const page = hits.slice(0, limit);
        return {
          hits: page,
          nextCursor: hits.length > limit ? encodeSearchCursor(page[page.length - 1]!) : null,
        };
      } catch (error) {
        if (error instanceof DomainError) throw error;
        logger.error({ err: error, index }, 'catalogue search failed in Elasticsearch');
        throw new DomainError('SERVICE_UNAVAILABLE', 'Search is unavailable right now, please try again');
      }
    },

    async index(entry: CatalogSearchDocument) {
      await ensureIndex();
      await client.index({ index, id: entry.id, document: entry, refresh });
    },

    async remove(id: string) {
      await ensureIndex();
      await client.delete({ index, id, refresh }, { ignore: [404] });
    },

    async close() {
      await client.close();
    },
  };
}

function errorType(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body = error.body as { error?: { type?: string } } | undefined;
  return body?.error?.type;
}

import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe } from 'vitest';
import type { CatalogSearch } from './catalog-search.ts';
import { catalogSearchContract } from './contract.ts';
import { createElasticsearchCatalogSearch, createElasticsearchClient } from './elasticsearch.ts';

// The same expectations as the PostgreSQL search, against a real Elasticsearch. There is none on the
// development machines: set ELASTICSEARCH_URL (e.g. http://localhost:9200) to run this file.
const url = process.env.ELASTICSEARCH_URL;

describe.skipIf(!url)(
  'Elasticsearch catalogue search: the shared contract (runs only when ELASTICSEARCH_URL is set)',
  () => {
    // A throw-away index per run, so parallel runs and a real catalogue index are never touched.
    const index = `catalog_entries_test_${randomBytes(4).toString('hex')}`;
    const client = url ? createElasticsearchClient(url) : null;
    let search: CatalogSearch;

    beforeAll(() => {
      search = createElasticsearchCatalogSearch({
        client: client!,
        index,
        logger: pino({ level: 'silent' }),
      });
    });
    afterAll(async () => {
      await client?.indices.delete({ index }, { ignore: [404] });
      await search?.close();
    });

    catalogSearchContract(() => ({
      search,
      async load(entries) {
        // index() waits for refresh, so each document is searchable when it returns.
        for (const entry of entries) await search.index(entry);
      },
    }));
  },
);

import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { errors as ElasticErrors } from '@elastic/elasticsearch';
import Mock, { type MockPattern } from '@elastic/elasticsearch-mock';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { CatalogSearch, CatalogSearchDocument } from './catalog-search.ts';
import {
  CATALOG_INDEX,
  catalogIndexMappings,
  catalogIndexSettings,
  createElasticsearchCatalogSearch,
  createElasticsearchClient,
} from './elasticsearch.ts';

// Request-level tests: the official client runs for real, its transport answers from a mock
// connection, and each test asserts on the HTTP requests the adapter sends.

interface SentRequest {
  method: string;
  path: string;
  body: unknown;
  querystring: Record<string, unknown>;
}

// The mock recognises error answers by the CommonJS build's ResponseError class.
const { errors } = createRequire(import.meta.url)('@elastic/elasticsearch') as {
  errors: typeof ElasticErrors;
};
const errorAnswer = (statusCode: number, body: unknown) =>
  new errors.ResponseError({ body, statusCode, headers: {}, warnings: null, meta: {} as never });

let mock: Mock;
let sent: SentRequest[];
let search: CatalogSearch;
let indexExists: boolean;

function record(params: MockPattern): void {
  sent.push({
    method: String(params.method),
    path: String(params.path),
    body: params.body,
    querystring: (params.querystring ?? {}) as Record<string, unknown>,
  });
}

beforeEach(() => {
  mock = new Mock();
  sent = [];
  indexExists = true;
  mock.add({ method: 'HEAD', path: `/${CATALOG_INDEX}` }, (params) => {
    record(params);
    return indexExists ? '' : errorAnswer(404, '');
  });
  search = createElasticsearchCatalogSearch({
    client: createElasticsearchClient('http://search.invalid:9200', {
      Connection: mock.getConnection(),
      maxRetries: 0,
    }),
    logger: pino({ level: 'silent' }),
  });
});

const hit = (id: string, score: number) => ({
  _index: CATALOG_INDEX,
  _id: id,
  _score: null,
  sort: [score, id],
});
const searchResponse = (hits: ReturnType<typeof hit>[]) => ({
  took: 1,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: { max_score: null, hits },
});

function answerSearch(hits: ReturnType<typeof hit>[]): void {
  mock.add({ method: 'POST', path: `/${CATALOG_INDEX}/_search` }, (params) => {
    record(params);
    return searchResponse(hits);
  });
}

const documentFor = (name: string): CatalogSearchDocument => ({
  id: randomUUID(),
  slug: name.toLowerCase(),
  name,
  gameSystemId: null,
  factionId: null,
  modelType: null,
  tags: [],
  description: null,
  loreDescription: null,
  discontinued: false,
});

const searches = () => sent.filter((request) => request.path.endsWith('/_search'));

describe('Elasticsearch catalogue search: requests', () => {
  it('creates the index with the edge-ngram name mapping on first use, once', async () => {
    indexExists = false;
    mock.add({ method: 'PUT', path: `/${CATALOG_INDEX}` }, (params) => {
      record(params);
      indexExists = true;
      return { acknowledged: true, shards_acknowledged: true, index: CATALOG_INDEX };
    });
    answerSearch([]);
    await search.search('intercessor', {}, 10);
    await search.search('intercessor', {}, 10);

    const creates = sent.filter((request) => request.method === 'PUT');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.body).toEqual({ settings: catalogIndexSettings, mappings: catalogIndexMappings });
    expect(catalogIndexSettings.analysis.filter.catalog_edge_ngram).toMatchObject({ type: 'edge_ngram' });
    expect(catalogIndexMappings.properties.name).toMatchObject({
      analyzer: 'catalog_autocomplete',
      search_analyzer: 'catalog_autocomplete_search',
    });
    expect(sent.filter((request) => request.method === 'HEAD')).toHaveLength(1);
  });

  it('fills an index it had to create from the catalogue, in bulk batches, then refreshes it', async () => {
    indexExists = false;
    const documents = [documentFor('Entry one'), documentFor('Entry two'), documentFor('Entry three')];
    for (const path of [`/${CATALOG_INDEX}`, '/_bulk', `/${CATALOG_INDEX}/_refresh`]) {
      mock.add({ method: ['PUT', 'POST', 'GET'], path }, (params) => {
        record(params);
        return path === '/_bulk' ? { errors: false, took: 1, items: [] } : { acknowledged: true };
      });
    }
    answerSearch([]);
    const filled = createElasticsearchCatalogSearch({
      client: createElasticsearchClient('http://search.invalid:9200', {
        Connection: mock.getConnection(),
        maxRetries: 0,
      }),
      logger: pino({ level: 'silent' }),
      async *source() {
        yield documents.slice(0, 2);
        yield documents.slice(2);
      },
    });
    await filled.search('entry', {}, 10);

    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      `HEAD /${CATALOG_INDEX}`,
      `PUT /${CATALOG_INDEX}`,
      'POST /_bulk',
      'POST /_bulk',
      `GET /${CATALOG_INDEX}/_refresh`,
      `POST /${CATALOG_INDEX}/_search`,
    ]);
    const bulks = sent.filter((request) => request.path === '/_bulk').map((request) => request.body);
    expect(bulks[0]).toEqual([
      { index: { _index: CATALOG_INDEX, _id: documents[0]!.id } },
      documents[0],
      { index: { _index: CATALOG_INDEX, _id: documents[1]!.id } },
      documents[1],
    ]);
    expect(bulks[1]).toEqual([{ index: { _index: CATALOG_INDEX, _id: documents[2]!.id } }, documents[2]]);
  });

  it('drops a half-filled index and tries again on the next call when a bulk load fails', async () => {
    indexExists = false;
    let bulkFails = true;
    mock.add({ method: 'PUT', path: `/${CATALOG_INDEX}` }, (params) => {
      record(params);
      return { acknowledged: true };
    });
    mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
      record(params);
      return { errors: bulkFails, took: 1, items: [] };
    });
    mock.add({ method: 'DELETE', path: `/${CATALOG_INDEX}` }, (params) => {
      record(params);
      return { acknowledged: true };
    });
    mock.add({ method: 'GET', path: `/${CATALOG_INDEX}/_refresh` }, () => ({ acknowledged: true }));
    answerSearch([]);
    const filled = createElasticsearchCatalogSearch({
      client: createElasticsearchClient('http://search.invalid:9200', {
        Connection: mock.getConnection(),
        maxRetries: 0,
      }),
      logger: pino({ level: 'silent' }),
      async *source() {
        yield [documentFor('Entry')];
      },
    });
    await expect(filled.search('entry', {}, 10)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(sent.some((request) => request.method === 'DELETE' && request.path === `/${CATALOG_INDEX}`)).toBe(
      true,
    );

    bulkFails = false;
    await expect(filled.search('entry', {}, 10)).resolves.toEqual({ hits: [], nextCursor: null });
    expect(sent.filter((request) => request.method === 'PUT')).toHaveLength(2);
  });

  it('takes an index another node created a moment earlier', async () => {
    indexExists = false;
    mock.add({ method: 'PUT', path: `/${CATALOG_INDEX}` }, () => {
      return errorAnswer(400, { error: { type: 'resource_already_exists_exception' }, status: 400 });
    });
    answerSearch([]);
    await expect(search.search('boyz', {}, 10)).resolves.toEqual({ hits: [], nextCursor: null });
  });

  it('sends a fuzzy, prefix-matching name query with the filters, sorted by score then id', async () => {
    const gameSystemId = randomUUID();
    const factionId = randomUUID();
    answerSearch([]);
    await search.search('  Stormcast VINDICTOR! ', { gameSystemId, factionId }, 20);

    const body = searches()[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      size: 21,
      _source: false,
      track_total_hits: false,
      sort: [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }],
      query: {
        bool: {
          filter: [{ term: { gameSystemId } }, { term: { factionId } }],
          must: [
            {
              bool: {
                minimum_should_match: 1,
                should: expect.arrayContaining([
                  {
                    match: {
                      name: {
                        query: 'stormcast vindictor',
                        operator: 'and',
                        fuzziness: 'AUTO',
                        prefix_length: 1,
                        boost: 3,
                      },
                    },
                  },
                ]),
              },
            },
          ],
        },
      },
    });
    expect(body).not.toHaveProperty('search_after');
  });

  it('sends no filter it was not given', async () => {
    answerSearch([]);
    await search.search('boyz', {}, 5);
    expect((searches()[0]!.body as { query: { bool: { filter: unknown[] } } }).query.bool.filter).toEqual([]);
  });

  it('returns ids and scores in order, and a cursor that continues with search_after', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    answerSearch([hit(a, 7.5), hit(b, 3.25), hit(c, 3.25)]);
    const first = await search.search('squad', {}, 2);
    expect(first.hits).toEqual([
      { id: a, score: 7.5 },
      { id: b, score: 3.25 },
    ]);
    expect(first.nextCursor).not.toBeNull();

    await search.search('squad', {}, 2, first.nextCursor!);
    expect((searches()[1]!.body as { search_after: unknown }).search_after).toEqual([3.25, b]);
  });

  it('says there is no next page when the index returns no more than asked for', async () => {
    answerSearch([hit(randomUUID(), 1)]);
    expect((await search.search('squad', {}, 2)).nextCursor).toBeNull();
  });

  it('refuses a bad limit or cursor before sending anything', async () => {
    answerSearch([]);
    for (const limit of [0, 51]) {
      await expect(search.search('squad', {}, limit)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(search.search('squad', {}, 10, 'garbage!')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await search.search('?!', {}, 10)).toEqual({ hits: [], nextCursor: null });
    expect(sent).toEqual([]);
  });

  it('reports an unreachable or failing cluster as SERVICE_UNAVAILABLE, not as a crash', async () => {
    mock.add({ method: 'POST', path: `/${CATALOG_INDEX}/_search` }, () => {
      return errorAnswer(500, { error: { type: 'search_phase_execution_exception' } });
    });
    const error = await search.search('squad', {}, 10).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('indexes an entry by id, waiting for refresh, and removes one ignoring a missing document', async () => {
    const entry: CatalogSearchDocument = {
      id: randomUUID(),
      slug: 'ork-boyz',
      name: 'Ork Boyz',
      gameSystemId: randomUUID(),
      factionId: null,
      modelType: 'troop',
      tags: ['orks'],
      description: null,
      loreDescription: 'WAAAGH!',
      discontinued: false,
    };
    mock.add({ method: 'PUT', path: `/${CATALOG_INDEX}/_doc/:id` }, (params) => {
      record(params);
      return { _id: entry.id, result: 'created' };
    });
    mock.add({ method: 'DELETE', path: `/${CATALOG_INDEX}/_doc/:id` }, (params) => {
      record(params);
      return errorAnswer(404, { result: 'not_found' });
    });
    await search.index(entry);
    await search.remove(entry.id);

    const put = sent.find((request) => request.method === 'PUT')!;
    expect(put.path).toBe(`/${CATALOG_INDEX}/_doc/${entry.id}`);
    expect(put.body).toEqual(entry);
    expect(put.querystring).toMatchObject({ refresh: 'wait_for' });
    const del = sent.find((request) => request.method === 'DELETE')!;
    expect(del.path).toBe(`/${CATALOG_INDEX}/_doc/${entry.id}`);
  });
});

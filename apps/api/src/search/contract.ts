import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { CatalogSearch, CatalogSearchDocument, CatalogSearchFilters } from './catalog-search.ts';

/**
 * Search expectations every CatalogSearch implementation must meet. The PostgreSQL test runs them
 * always; the Elasticsearch contract test runs them whenever ELASTICSEARCH_URL is set.
 */
export interface ContractSubject {
  search: CatalogSearch;
  /** Makes these entries searchable (insert rows / index documents) and returns once they are. */
  load(entries: CatalogSearchDocument[]): Promise<void>;
}

const warhammer40k = randomUUID();
const ageOfSigmar = randomUUID();
const spaceMarines = randomUUID();
const stormcast = randomUUID();

type Fixture = Partial<CatalogSearchDocument> & { name: string };

const fixtures: Record<string, Fixture> = {
  intercessors: {
    name: 'Intercessor Squad',
    gameSystemId: warhammer40k,
    factionId: spaceMarines,
    tags: ['battleline', 'primaris'],
    description: 'Five Primaris Space Marines armed with bolt rifles.',
  },
  interceptors: { name: 'Interceptor Squad', gameSystemId: warhammer40k, factionId: spaceMarines },
  lieutenant: {
    name: 'Primaris Lieutenant',
    gameSystemId: warhammer40k,
    factionId: spaceMarines,
    loreDescription: 'He leads intercessors into the thick of battle.',
  },
  hellblasters: { name: 'Hellblaster Squad', gameSystemId: warhammer40k, factionId: spaceMarines },
  eradicators: { name: 'Eradicator Squad', gameSystemId: warhammer40k, factionId: spaceMarines },
  infernus: { name: 'Infernus Squad', gameSystemId: warhammer40k, factionId: spaceMarines },
  boyz: { name: 'Ork Boyz', gameSystemId: warhammer40k, tags: ['orks'] },
  vindictors: { name: 'Stormcast Eternals Vindictors', gameSystemId: ageOfSigmar, factionId: stormcast },
  liberators: { name: 'Stormcast Eternals Liberators', gameSystemId: ageOfSigmar, factionId: stormcast },
};
type Key = keyof typeof fixtures;

export function catalogSearchContract(subject: () => ContractSubject): void {
  const ids = new Map<string, Key>();
  const idOf = (key: Key) => [...ids].find(([, k]) => k === key)![0];
  const keysOf = (hits: { id: string }[]) => hits.map((hit) => ids.get(hit.id) ?? hit.id);
  const search = async (query: string, filters: CatalogSearchFilters, limit = 20) =>
    keysOf((await subject().search.search(query, filters, limit)).hits);

  beforeAll(async () => {
    const documents = Object.entries(fixtures).map(([key, fixture]) => {
      const id = randomUUID();
      ids.set(id, key as Key);
      return {
        id,
        slug: `${key}-${id.slice(0, 8)}`,
        gameSystemId: null,
        factionId: null,
        modelType: null,
        tags: [],
        description: null,
        loreDescription: null,
        discontinued: false,
        ...fixture,
      } satisfies CatalogSearchDocument;
    });
    await subject().load(documents);
  });

  it('matches a word by its beginning', async () => {
    const hits = await search('interc', { gameSystemId: warhammer40k });
    expect(hits.slice(0, 2).sort()).toEqual(['interceptors', 'intercessors']);
    expect(hits).not.toContain('boyz');
  });

  it('ranks a name match above a mention in the lore, and finds both', async () => {
    const hits = await search('intercessor', { gameSystemId: warhammer40k });
    expect(hits[0]).toBe('intercessors');
    expect(hits).toContain('lieutenant');
    expect(hits.indexOf('intercessors')).toBeLessThan(hits.indexOf('lieutenant'));
  });

  it('tolerates a typo and puts the closest name first', async () => {
    const hits = await search('intercesor', { gameSystemId: warhammer40k });
    expect(hits[0]).toBe('intercessors');
    expect(hits).not.toContain('boyz');
  });

  it('needs every word: "stormcast vindictor" finds the Vindictors, not the Liberators', async () => {
    expect(await search('stormcast vindictor', { gameSystemId: ageOfSigmar })).toEqual(['vindictors']);
  });

  it('tolerates a typo in one of several words', async () => {
    expect((await search('stormcst vindictors', { gameSystemId: ageOfSigmar }))[0]).toBe('vindictors');
  });

  it('narrows by game system and by faction', async () => {
    expect(await search('squad', { gameSystemId: ageOfSigmar })).toEqual([]);
    const squads = await search('squad', { factionId: spaceMarines });
    expect(squads.sort()).toEqual([
      'eradicators',
      'hellblasters',
      'infernus',
      'interceptors',
      'intercessors',
    ]);
    expect(await search('boyz', { gameSystemId: warhammer40k, factionId: spaceMarines })).toEqual([]);
    expect(await search('boyz', { gameSystemId: warhammer40k })).toEqual(['boyz']);
  });

  it('walks ranked pages with a cursor: every hit once, in the same order as one big page', async () => {
    const all = (await subject().search.search('squad', { gameSystemId: warhammer40k }, 50)).hits;
    expect(all).toHaveLength(5);
    const walked: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const result = await subject().search.search('squad', { gameSystemId: warhammer40k }, 2, cursor);
      walked.push(...result.hits.map((hit) => hit.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(walked).toEqual(all.map((hit) => hit.id));
    expect(idOf('intercessors')).toBeDefined();
  });
}

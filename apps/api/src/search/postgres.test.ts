import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@plastic-crack/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { CatalogSearch, CatalogSearchDocument } from './catalog-search.ts';
import { catalogSearchContract } from './contract.ts';
import { catalogSearchDocuments } from './documents.ts';
import { createPostgresCatalogSearch } from './postgres.ts';

let database: TestDatabase;
let search: CatalogSearch;
beforeAll(async () => {
  database = await createTestDatabase();
  search = createPostgresCatalogSearch(database.db);
});
afterAll(() => database?.drop());

/** Inserts catalogue rows (and the game systems / factions they name); the trigger indexes them. */
async function insertEntries(entries: CatalogSearchDocument[]): Promise<void> {
  const db = database.db;
  for (const entry of entries) {
    if (entry.gameSystemId) {
      await db.gameSystem.upsert({
        where: { id: entry.gameSystemId },
        create: { id: entry.gameSystemId, name: 'System', slug: `system-${entry.gameSystemId}` },
        update: {},
      });
    }
    if (entry.factionId && entry.gameSystemId) {
      await db.faction.upsert({
        where: { id: entry.factionId },
        create: {
          id: entry.factionId,
          gameSystemId: entry.gameSystemId,
          name: 'Faction',
          slug: `faction-${entry.factionId}`,
        },
        update: {},
      });
    }
    await db.catalogModel.create({
      data: {
        id: entry.id,
        name: entry.name,
        slug: entry.slug,
        gameSystemId: entry.gameSystemId,
        factionId: entry.factionId,
        tags: entry.tags,
        description: entry.description,
        loreDescription: entry.loreDescription,
        discontinued: entry.discontinued,
      },
    });
  }
}

function document(name: string, extra: Partial<CatalogSearchDocument> = {}): CatalogSearchDocument {
  const id = randomUUID();
  return {
    id,
    slug: `entry-${id}`,
    name,
    gameSystemId: null,
    factionId: null,
    modelType: null,
    tags: [],
    description: null,
    loreDescription: null,
    discontinued: false,
    ...extra,
  };
}

describe('PostgreSQL catalogue search: the shared contract', () => {
  catalogSearchContract(() => ({ search, load: insertEntries }));
});

describe('PostgreSQL catalogue search', () => {
  it('scores full-text matches above 1 and typo-only matches at most 1', async () => {
    const gameSystemId = randomUUID();
    const exact = document('Kharadron Arkanaut Company', { gameSystemId });
    const other = document('Kharadron Gunhauler', { gameSystemId });
    await insertEntries([exact, other]);

    const viaText = await search.search('arkanaut', { gameSystemId }, 10);
    expect(viaText.hits.map((hit) => hit.id)).toEqual([exact.id]);
    expect(viaText.hits[0]!.score).toBeGreaterThan(1);

    const viaTypo = await search.search('arkanaught', { gameSystemId }, 10);
    expect(viaTypo.hits.map((hit) => hit.id)).toEqual([exact.id]);
    expect(viaTypo.hits[0]!.score).toBeLessThanOrEqual(1);
    expect(viaTypo.hits[0]!.score).toBeGreaterThan(0.5);
  });

  it('puts the name closest to the whole query first among equal matches', async () => {
    const gameSystemId = randomUUID();
    // Ids chosen so that the id tie-break alone would put the exact name last.
    const longer = document('Heavy Intercessor Squad', {
      gameSystemId,
      id: '00000000-0000-4000-8000-000000000001',
    });
    const assault = document('Assault Intercessor Squad', {
      gameSystemId,
      id: '00000000-0000-4000-8000-000000000002',
    });
    const exact = document('Intercessor Squad', { gameSystemId, id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
    await insertEntries([longer, exact, assault]);
    for (const query of ['intercesor', 'intercessor squad', 'interc']) {
      const hits = await search.search(query, { gameSystemId }, 10);
      expect(hits.hits[0]?.id, query).toBe(exact.id);
      expect(hits.hits).toHaveLength(3);
    }
  });

  it('searches tags and the description as well as the name', async () => {
    const gameSystemId = randomUUID();
    const tagged = document('Blight Drone', { gameSystemId, tags: ['daemon engine'] });
    const described = document('Foetid Bloat-drone', {
      gameSystemId,
      description: 'A daemon engine of Nurgle.',
    });
    await insertEntries([tagged, described]);
    const hits = await search.search('daemon engine', { gameSystemId }, 10);
    expect(hits.hits.map((hit) => hit.id).sort()).toEqual([tagged.id, described.id].sort());
    // Tags weigh B, the description C.
    expect(hits.hits[0]!.id).toBe(tagged.id);
  });

  it('ignores stop words and punctuation instead of failing or matching everything', async () => {
    const gameSystemId = randomUUID();
    const lord = document('Lord of Change', { gameSystemId });
    const other = document('Screamers', { gameSystemId });
    await insertEntries([lord, other]);
    expect((await search.search('the lord of change!', { gameSystemId }, 10)).hits.map((h) => h.id)).toEqual([
      lord.id,
    ]);
    expect((await search.search("t'au & (empire) | :* !", { gameSystemId }, 10)).hits).toEqual([]);
    expect(await search.search('!!! ???', {}, 10)).toEqual({ hits: [], nextCursor: null });
  });

  it('refuses a limit outside 1–50 and a cursor it did not hand out', async () => {
    for (const limit of [0, 51, 2.5]) {
      await expect(search.search('squad', {}, limit)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    for (const cursor of ['not a cursor', Buffer.from('{"score":1}').toString('base64url'), 'eyJ']) {
      const error = await search.search('squad', {}, 10, cursor).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BAD_REQUEST');
    }
  });

  it('keeps tied scores in id order across pages', async () => {
    const gameSystemId = randomUUID();
    const twins = Array.from({ length: 5 }, () => document('Chaos Spawn', { gameSystemId }));
    await insertEntries(twins);
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search.search('chaos spawn', { gameSystemId }, 2, cursor);
      walked.push(...page.hits.map((hit) => hit.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(twins.map((twin) => twin.id).sort());
  });
});

describe('catalogSearchDocuments (what Elasticsearch is filled from)', () => {
  it('yields every catalogue entry once, in id-ordered batches, with its search fields', async () => {
    const gameSystemId = randomUUID();
    const tagged = document('Doc stream tagged', { gameSystemId, tags: ['a', 'b'], description: 'desc' });
    await insertEntries([tagged, document('Doc stream plain')]);
    const total = await database.db.catalogModel.count();

    const batches: CatalogSearchDocument[][] = [];
    for await (const batch of catalogSearchDocuments(database.db, 3)) batches.push(batch);
    const ids = batches.flat().map((entry) => entry.id);
    expect(ids).toHaveLength(total);
    expect(ids).toEqual([...ids].sort());
    expect(batches.slice(0, -1).every((batch) => batch.length === 3)).toBe(true);
    expect(batches.flat().find((entry) => entry.id === tagged.id)).toEqual(tagged);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import type { RouterInputs, RouterOutputs } from '@plastic-crack/api-contract';
import type { Prisma } from '@plastic-crack/db';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import type { AppRouter } from '../router.ts';

let app: TestApi;
let admin: TestUser;
let painter: TestUser;
let visitor: ReturnType<TestApi['client']>;

beforeAll(async () => {
  app = await startTestApi();
  admin = await createUser(app);
  await app.database.db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
  painter = await createUser(app);
  visitor = app.client();
});
afterAll(() => app.close());

const db = () => app.database.db;

async function trpcError(promise: Promise<unknown>, code: string): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<AppRouter>).data?.code).toBe(code);
  return error as TRPCClientError<AppRouter>;
}

// ---------------------------------------------------------------------------------------------
// Factories: each test makes its own game system, so its rows never mix with another test's.
// ---------------------------------------------------------------------------------------------
const unique = () => randomBytes(4).toString('hex');

async function createGameSystem(name = `System ${unique()}`) {
  return db().gameSystem.create({
    data: { name, slug: `system-${unique()}`, publisher: 'Games Workshop' },
  });
}

async function createFaction(gameSystemId: string, name = `Faction ${unique()}`) {
  return db().faction.create({ data: { gameSystemId, name, slug: `faction-${unique()}` } });
}

type EntryData = Omit<Prisma.CatalogModelUncheckedCreateInput, 'slug'> & { slug?: string };

async function createEntry(data: EntryData) {
  return db().catalogModel.create({ data: { slug: `entry-${unique()}`, ...data } });
}

type ListInput = RouterInputs['catalog']['list'];
type Summary = RouterOutputs['catalog']['list']['items'][number];

/** Every entry a list query yields, following nextCursor to the end. */
async function walk(input: ListInput, pageSize: number): Promise<Summary[]> {
  const items: Summary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page += 1) {
    const result = await visitor.catalog.list.query({ ...input, limit: pageSize, cursor });
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error('the list never ended');
}

// ---------------------------------------------------------------------------------------------
// Browsing the hierarchy
// ---------------------------------------------------------------------------------------------
describe('catalog.gameSystems and catalog.factions', () => {
  it('lists game systems with their faction and entry counts, to anyone', async () => {
    const fortyK = await createGameSystem('Aaa Warhammer 40,000');
    const sigmar = await createGameSystem('Aaa Age of Sigmar');
    const marines = await createFaction(fortyK.id, 'Space Marines');
    const orks = await createFaction(fortyK.id, 'Orks');
    await createEntry({ name: 'Intercessors', gameSystemId: fortyK.id, factionId: marines.id });
    await createEntry({ name: 'Boyz', gameSystemId: fortyK.id, factionId: orks.id });
    await createEntry({ name: 'Terrain', gameSystemId: fortyK.id });
    await createEntry({ name: 'Realmscape', gameSystemId: sigmar.id });

    const systems = await visitor.catalog.gameSystems.query();
    const byId = new Map(systems.map((system) => [system.id, system]));
    expect(byId.get(fortyK.id)).toMatchObject({
      name: 'Aaa Warhammer 40,000',
      slug: fortyK.slug,
      publisher: 'Games Workshop',
      factionCount: 2,
      entryCount: 3,
    });
    expect(byId.get(sigmar.id)).toMatchObject({ factionCount: 0, entryCount: 1 });
    const names = systems.map((system) => system.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('lists the factions of a game system by id or by slug, with entry counts, by name', async () => {
    const system = await createGameSystem();
    const tyranids = await createFaction(system.id, 'Tyranids');
    const aeldari = await createFaction(system.id, 'Aeldari');
    await createEntry({ name: 'Termagants', gameSystemId: system.id, factionId: tyranids.id });
    await createEntry({ name: 'Hormagaunts', gameSystemId: system.id, factionId: tyranids.id });
    const other = await createGameSystem();
    await createFaction(other.id, 'Not in this system');

    const byId = await visitor.catalog.factions.query({ gameSystemId: system.id });
    expect(byId.gameSystem).toEqual({ id: system.id, slug: system.slug, name: system.name });
    expect(byId.factions).toEqual([
      { id: aeldari.id, slug: aeldari.slug, name: 'Aeldari', entryCount: 0 },
      { id: tyranids.id, slug: tyranids.slug, name: 'Tyranids', entryCount: 2 },
    ]);
    expect(await visitor.catalog.factions.query({ gameSystemSlug: system.slug })).toEqual(byId);
  });

  it('answers NOT_FOUND for an unknown game system and BAD_REQUEST for a malformed one', async () => {
    await trpcError(visitor.catalog.factions.query({ gameSystemId: randomUUID() }), 'NOT_FOUND');
    await trpcError(visitor.catalog.factions.query({ gameSystemSlug: 'no-such-system' }), 'NOT_FOUND');
    await trpcError(visitor.catalog.factions.query({ gameSystemId: 'not-a-uuid' }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.factions.query({ gameSystemSlug: 'Bad Slug!' }), 'BAD_REQUEST');
    const both = { gameSystemId: randomUUID(), gameSystemSlug: 'x' } as unknown as { gameSystemId: string };
    await trpcError(visitor.catalog.factions.query(both), 'BAD_REQUEST');
  });
});

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------
describe('catalog.list filters', () => {
  let system: Awaited<ReturnType<typeof createGameSystem>>;
  let otherSystem: Awaited<ReturnType<typeof createGameSystem>>;
  let factionA: Awaited<ReturnType<typeof createFaction>>;
  let factionB: Awaited<ReturnType<typeof createFaction>>;
  const ids = new Map<string, string>(); // name → id

  beforeAll(async () => {
    system = await createGameSystem();
    otherSystem = await createGameSystem();
    factionA = await createFaction(system.id);
    factionB = await createFaction(system.id);
    const rows: EntryData[] = [
      {
        name: 'filter-captain',
        factionId: factionA.id,
        modelType: 'character',
        msrp: '35.00',
        tags: ['hq', 'primaris'],
      },
      {
        name: 'filter-squad',
        factionId: factionA.id,
        modelType: 'troop',
        msrp: '50.00',
        tags: ['battleline', 'primaris'],
      },
      {
        name: 'filter-tank',
        factionId: factionB.id,
        modelType: 'heavy_support',
        msrp: '80.00',
        tags: ['vehicle'],
      },
      {
        name: 'filter-old-tank',
        factionId: factionB.id,
        modelType: 'heavy_support',
        msrp: '49.99',
        discontinued: true,
        tags: ['vehicle', 'legends'],
      },
      { name: 'filter-bits', modelType: null, msrp: null, tags: [] },
      {
        name: 'filter-euro',
        factionId: factionA.id,
        modelType: 'troop',
        msrp: '50.00',
        currency: 'EUR',
        tags: ['primaris'],
      },
    ];
    for (const row of rows) {
      const entry = await createEntry({ gameSystemId: system.id, ...row });
      ids.set(row.name, entry.id);
    }
    const outside = await createEntry({
      name: 'filter-elsewhere',
      gameSystemId: otherSystem.id,
      modelType: 'troop',
      msrp: '50.00',
    });
    ids.set('filter-elsewhere', outside.id);
  });

  const names = (items: Summary[]) => items.map((item) => item.name).sort();
  const ours = (items: Summary[]) => items.filter((item) => [...ids.values()].includes(item.id));

  it('filters by game system', async () => {
    const items = await walk({ filters: { gameSystemId: system.id } }, 100);
    expect(names(items)).toEqual(
      [
        'filter-bits',
        'filter-captain',
        'filter-euro',
        'filter-old-tank',
        'filter-squad',
        'filter-tank',
      ].sort(),
    );
    expect(items.every((item) => item.gameSystem?.id === system.id)).toBe(true);
  });

  it('filters by faction alone', async () => {
    const items = await walk({ filters: { factionId: factionB.id } }, 100);
    expect(names(items)).toEqual(['filter-old-tank', 'filter-tank']);
  });

  it('filters by unit type alone (any of several)', async () => {
    const items = await walk({ filters: { modelTypes: ['character', 'heavy_support'] } }, 100);
    expect(items.every((item) => item.modelType === 'character' || item.modelType === 'heavy_support')).toBe(
      true,
    );
    expect(names(ours(items))).toEqual(['filter-captain', 'filter-old-tank', 'filter-tank']);
  });

  it('filters by MSRP range alone, both ends inclusive, never matching a missing price', async () => {
    const items = await walk({ filters: { msrpMin: 49.99, msrpMax: 50 } }, 100);
    expect(items.every((item) => item.msrp !== null && item.msrp >= 49.99 && item.msrp <= 50)).toBe(true);
    expect(names(ours(items))).toEqual([
      'filter-elsewhere',
      'filter-euro',
      'filter-old-tank',
      'filter-squad',
    ]);
    const cheap = await walk({ filters: { msrpMax: 40 } }, 100);
    expect(names(ours(cheap))).toEqual(['filter-captain']);
    const dear = await walk({ filters: { msrpMin: 79.99 } }, 100);
    expect(names(ours(dear))).toEqual(['filter-tank']);
  });

  it('filters by currency alone', async () => {
    const items = await walk({ filters: { currency: 'eur' } }, 100);
    expect(items.every((item) => item.currency === 'EUR')).toBe(true);
    expect(names(ours(items))).toEqual(['filter-euro']);
  });

  it('filters by discontinued alone, either way', async () => {
    const retired = await walk({ filters: { discontinued: true } }, 100);
    expect(retired.every((item) => item.discontinued)).toBe(true);
    expect(names(ours(retired))).toEqual(['filter-old-tank']);
    const current = await walk({ filters: { discontinued: false } }, 100);
    expect(current.every((item) => !item.discontinued)).toBe(true);
    expect(ours(current)).toHaveLength(ids.size - 1);
  });

  it('filters by tags alone: entries carrying every tag asked for', async () => {
    const primaris = await walk({ filters: { tags: ['primaris'] } }, 100);
    expect(names(ours(primaris))).toEqual(['filter-captain', 'filter-euro', 'filter-squad']);
    const both = await walk({ filters: { tags: ['PRIMARIS', 'battleline'] } }, 100);
    expect(both.every((item) => item.tags.includes('primaris') && item.tags.includes('battleline'))).toBe(
      true,
    );
    expect(names(ours(both))).toEqual(['filter-squad']);
  });

  it('combines filters', async () => {
    const items = await walk(
      {
        filters: {
          gameSystemId: system.id,
          factionId: factionA.id,
          modelTypes: ['troop'],
          msrpMin: 40,
          msrpMax: 60,
          currency: 'USD',
          discontinued: false,
          tags: ['primaris'],
        },
      },
      100,
    );
    expect(names(items)).toEqual(['filter-squad']);
    const none = await walk({ filters: { gameSystemId: otherSystem.id, factionId: factionA.id } }, 100);
    expect(none).toEqual([]);
  });

  it('rejects malformed filters', async () => {
    await trpcError(visitor.catalog.list.query({ filters: { msrpMin: 60, msrpMax: 40 } }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.list.query({ filters: { msrpMin: -1 } }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.list.query({ filters: { gameSystemId: 'x' } }), 'BAD_REQUEST');
    await trpcError(
      visitor.catalog.list.query({ filters: { modelTypes: ['spaceship' as 'troop'] } }),
      'BAD_REQUEST',
    );
    await trpcError(visitor.catalog.list.query({ filters: { tags: Array(11).fill('x') } }), 'BAD_REQUEST');
  });
});

// ---------------------------------------------------------------------------------------------
// Sorting and cursor pagination
// ---------------------------------------------------------------------------------------------
describe('catalog.list sorting and pagination', () => {
  interface Row {
    id: string;
    name: string;
    points: number | null;
    msrp: string | null;
    releaseDate: string | null;
    /** Microsecond precision, as PostgreSQL stores it. */
    createdAt: string;
  }
  let system: Awaited<ReturnType<typeof createGameSystem>>;
  const rows: Row[] = [];

  beforeAll(async () => {
    system = await createGameSystem();
    // 23 entries with many ties and missing values in every sorted column.
    for (let i = 0; i < 23; i += 1) {
      const row = {
        name: ['alpha', 'bravo', 'charlie', 'delta'][i % 4]!,
        points: i % 5 === 0 ? null : (i % 3) * 50,
        msrp: i % 4 === 0 ? null : ['12.50', '12.50', '99.99', '7.00'][i % 4]!,
        releaseDate: i % 6 === 0 ? null : `2024-0${1 + (i % 3)}-15`,
        createdAt: `2024-05-0${1 + (i % 2)}T10:00:00.${String((i % 3) * 123457).padStart(6, '0')}Z`,
      };
      const entry = await createEntry({
        gameSystemId: system.id,
        name: row.name,
        pointsValue: row.points,
        msrp: row.msrp,
        releaseDate: row.releaseDate ? new Date(`${row.releaseDate}T00:00:00Z`) : null,
      });
      // Prisma carries milliseconds only; set the microseconds in SQL like now() would produce.
      await db()
        .$executeRaw`UPDATE models_catalog SET created_at = ${row.createdAt}::timestamptz WHERE id = ${entry.id}::uuid`;
      rows.push({ id: entry.id, ...row });
    }
  });

  const value: Record<string, (row: Row) => number | string | null> = {
    name: (row) => row.name,
    points: (row) => row.points,
    msrp: (row) => (row.msrp === null ? null : Number(row.msrp)),
    releaseDate: (row) => row.releaseDate,
    newest: (row) => row.createdAt,
  };

  /** The order the API promises: by value (missing values last), ties by id, both in `direction`. */
  function expectedOrder(by: string, direction: 'asc' | 'desc'): string[] {
    const sign = direction === 'asc' ? 1 : -1;
    return [...rows]
      .sort((a, b) => {
        const [va, vb] = [value[by]!(a), value[by]!(b)];
        if (va === null && vb !== null) return 1;
        if (vb === null && va !== null) return -1;
        if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
        return (a.id < b.id ? -1 : 1) * sign;
      })
      .map((row) => row.id);
  }

  for (const by of ['name', 'points', 'msrp', 'releaseDate', 'newest'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`sorts by ${by} ${direction}; pages of 4 add up to the full sorted list with no gap or repeat`, async () => {
        const input: ListInput = { filters: { gameSystemId: system.id }, sort: { by, direction } };
        const walked = await walk(input, 4);
        const ids = walked.map((item) => item.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expectedOrder(by, direction));
        const onePage = await visitor.catalog.list.query({ ...input, limit: 100 });
        expect(onePage.items.map((item) => item.id)).toEqual(ids);
        expect(onePage.nextCursor).toBeNull();
      });
    }
  }

  it('defaults to name ascending, 20 a page, and newest to newest first', async () => {
    const first = await visitor.catalog.list.query({ filters: { gameSystemId: system.id } });
    expect(first.items).toHaveLength(20);
    expect(first.items.map((item) => item.id)).toEqual(expectedOrder('name', 'asc').slice(0, 20));
    const newest = await visitor.catalog.list.query({
      filters: { gameSystemId: system.id },
      sort: { by: 'newest' },
    });
    expect(newest.items.map((item) => item.id)).toEqual(expectedOrder('newest', 'desc').slice(0, 20));
  });

  it('neither skips nor repeats an entry when one is added before the cursor between pages', async () => {
    const local = await createGameSystem();
    for (const name of ['b1', 'b2', 'b3', 'b4']) await createEntry({ gameSystemId: local.id, name });
    const input: ListInput = { filters: { gameSystemId: local.id }, sort: { by: 'name' }, limit: 2 };
    const first = await visitor.catalog.list.query(input);
    await createEntry({ gameSystemId: local.id, name: 'a0' });
    const second = await visitor.catalog.list.query({ ...input, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((item) => item.name)).toEqual(['b1', 'b2', 'b3', 'b4']);
  });

  it('refuses a page size over 100 or under 1', async () => {
    await trpcError(visitor.catalog.list.query({ limit: 101 }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.list.query({ limit: 0 }), 'BAD_REQUEST');
    const max = await visitor.catalog.list.query({ limit: 100 });
    expect(max.items.length).toBeLessThanOrEqual(100);
  });

  it('refuses a malformed, tampered or foreign cursor with a typed error', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const id = randomUUID();
    const bad = [
      'not-a-cursor!',
      'e30', // {}
      encode({ by: 'name', dir: 'asc', key: 'x', id: 'nope' }),
      encode({ by: 'points', dir: 'asc', key: '1; DROP TABLE users', id }),
      encode({ by: 'newest', dir: 'desc', key: '2024-02-30T10:00:00.000000Z', id }),
      encode({ by: 'msrp', dir: 'asc', key: '12.345', id }),
      encode({ by: 'releaseDate', dir: 'asc', key: '2024-13-01', id }),
      encode({ by: 'name', dir: 'asc', key: 'x', id, extra: true }),
      'x'.repeat(601),
    ];
    const sorts: Record<string, ListInput['sort']> = {
      points: { by: 'points', direction: 'asc' },
      newest: { by: 'newest', direction: 'desc' },
      msrp: { by: 'msrp', direction: 'asc' },
      releaseDate: { by: 'releaseDate', direction: 'asc' },
    };
    for (const cursor of bad) {
      const decoded = (() => {
        try {
          return JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { by?: string };
        } catch {
          return {};
        }
      })();
      const error = await trpcError(
        visitor.catalog.list.query({ cursor, sort: sorts[decoded.by ?? ''] ?? { by: 'name' } }),
        'BAD_REQUEST',
      );
      expect(error.message).not.toMatch(/SQL|syntax|prisma/i);
    }
    // A real cursor used with another sort order.
    const page = await visitor.catalog.list.query({ filters: { gameSystemId: system.id }, limit: 2 });
    const foreign = await trpcError(
      visitor.catalog.list.query({ cursor: page.nextCursor!, sort: { by: 'points' } }),
      'BAD_REQUEST',
    );
    expect(foreign.message).toMatch(/another sort/);
  });
});

// ---------------------------------------------------------------------------------------------
// The entry page and barcode lookup
// ---------------------------------------------------------------------------------------------
describe('catalog.entry', () => {
  it('shows the whole entry by id or slug, with current prices cheapest first', async () => {
    const system = await createGameSystem();
    const faction = await createFaction(system.id);
    const entry = await createEntry({
      gameSystemId: system.id,
      factionId: faction.id,
      name: 'Redemptor Dreadnought',
      manufacturer: 'Games Workshop',
      modelType: 'elite',
      msrp: '65.00',
      currency: 'GBP',
      releaseDate: new Date('2017-06-10T00:00:00Z'),
      barcode: '5011921089133',
      description: 'A towering walker.',
      loreDescription: 'Entombed heroes fight on.',
      rulesText: 'Macro plasma incinerator: D6+1 shots.',
      images: ['https://img.example/redemptor-1.jpg', 'https://img.example/redemptor-2.jpg'],
      dimensions: { heightMm: 120, widthMm: 90, depthMm: 80 },
      baseSize: '90mm oval',
      pointsValue: 210,
      tags: ['dreadnought', 'primaris'],
    });
    const [shopA, shopB] = await Promise.all(
      ['dear', 'cheap'].map((name) =>
        db().retailer.create({
          data: { name: `Shop ${name}`, domain: `${name}-${unique()}.example`, countryCode: 'GB' },
        }),
      ),
    );
    await db().currentPrice.create({
      data: { modelId: entry.id, retailerId: shopA!.id, price: '58.50', currency: 'GBP' },
    });
    await db().currentPrice.create({
      data: {
        modelId: entry.id,
        retailerId: shopB!.id,
        price: '52.00',
        currency: 'GBP',
        isOnSale: true,
        discountPercentage: '20.00',
        stockStatus: 'in_stock',
      },
    });

    const page = await visitor.catalog.entry.query({ id: entry.id });
    expect(page).toMatchObject({
      id: entry.id,
      slug: entry.slug,
      name: 'Redemptor Dreadnought',
      gameSystem: { id: system.id, slug: system.slug, name: system.name },
      faction: { id: faction.id, slug: faction.slug, name: faction.name },
      manufacturer: 'Games Workshop',
      modelType: 'elite',
      msrp: 65,
      currency: 'GBP',
      releaseDate: '2017-06-10',
      barcode: '5011921089133',
      description: 'A towering walker.',
      loreDescription: 'Entombed heroes fight on.',
      rulesText: 'Macro plasma incinerator: D6+1 shots.',
      images: ['https://img.example/redemptor-1.jpg', 'https://img.example/redemptor-2.jpg'],
      thumbnailUrl: 'https://img.example/redemptor-1.jpg',
      dimensions: { heightMm: 120, widthMm: 90, depthMm: 80 },
      baseSize: '90mm oval',
      pointsValue: 210,
      tags: ['dreadnought', 'primaris'],
      discontinued: false,
    });
    expect(page.prices.map((price) => [price.retailer.name, price.price])).toEqual([
      ['Shop cheap', 52],
      ['Shop dear', 58.5],
    ]);
    expect(page.prices[0]).toMatchObject({
      isOnSale: true,
      discountPercentage: 20,
      stockStatus: 'in_stock',
      currency: 'GBP',
    });
    expect(await visitor.catalog.entry.query({ slug: entry.slug })).toEqual(page);
  });

  it('lists prices in the entry currency first, each currency cheapest first', async () => {
    const entry = await createEntry({ name: 'Priced abroad', msrp: '60.00', currency: 'GBP' });
    const offers: [string, string][] = [
      ['USD', '10.00'],
      ['GBP', '58.50'],
      ['EUR', '40.00'],
      ['GBP', '52.00'],
    ];
    for (const [currency, price] of offers) {
      const retailer = await db().retailer.create({
        data: { name: `Shop ${unique()}`, domain: `${unique()}.example`, currency },
      });
      await db().currentPrice.create({
        data: { modelId: entry.id, retailerId: retailer.id, price, currency },
      });
    }
    const page = await visitor.catalog.entry.query({ id: entry.id });
    expect(page.prices.map((offer) => `${offer.currency} ${offer.price}`)).toEqual([
      'GBP 52',
      'GBP 58.5',
      'EUR 40',
      'USD 10',
    ]);
  });

  it('reads dimensions written with snake_case keys (the demo seed) and ignores unknown ones', async () => {
    const entry = await createEntry({
      name: 'Seeded kit',
      dimensions: { height_mm: 32, base: '32mm', models_in_box: 5 },
    });
    expect((await visitor.catalog.entry.query({ id: entry.id })).dimensions).toEqual({
      heightMm: 32,
      modelsInBox: 5,
    });
    const broken = await createEntry({ name: 'Odd kit', dimensions: { height_mm: 'tall' } });
    expect((await visitor.catalog.entry.query({ id: broken.id })).dimensions).toBeNull();
  });

  it('shows an entry without prices or optional details', async () => {
    const entry = await createEntry({ name: 'Loose bits' });
    const page = await visitor.catalog.entry.query({ id: entry.id });
    expect(page).toMatchObject({
      gameSystem: null,
      faction: null,
      prices: [],
      images: [],
      dimensions: null,
      msrp: null,
    });
  });

  it('answers NOT_FOUND for an unknown id or slug and BAD_REQUEST for malformed ones', async () => {
    await trpcError(visitor.catalog.entry.query({ id: randomUUID() }), 'NOT_FOUND');
    await trpcError(visitor.catalog.entry.query({ slug: 'never-made' }), 'NOT_FOUND');
    await trpcError(visitor.catalog.entry.query({ id: '42' }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.entry.query({ slug: 'Not A Slug' }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.entry.query({} as { id: string }), 'BAD_REQUEST');
  });
});

describe('catalog.byBarcode', () => {
  it('finds entries by barcode, current before discontinued, ignoring spaces and dashes', async () => {
    const barcode = `50${Date.now().toString().slice(-11)}`;
    const reboxed = await createEntry({ name: 'Aaa Old box', barcode, discontinued: true });
    const current = await createEntry({ name: 'Zzz New box', barcode });
    await createEntry({ name: 'Other', barcode: '4006381333931' });

    const spaced = `${barcode.slice(0, 1)} ${barcode.slice(1, 7)}-${barcode.slice(7)}`;
    const result = await visitor.catalog.byBarcode.query({ barcode: spaced });
    expect(result.entries.map((entry) => entry.id)).toEqual([current.id, reboxed.id]);
    expect((await visitor.catalog.byBarcode.query({ barcode: '99999999' })).entries).toEqual([]);
  });

  it('refuses anything but 8 to 14 digits', async () => {
    for (const barcode of ['1234567', '123456789012345', 'abcdefgh', '', '1234 567x']) {
      const error = await trpcError(visitor.catalog.byBarcode.query({ barcode }), 'BAD_REQUEST');
      expect(error.data?.zod?.fieldErrors).toHaveProperty('barcode');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Search procedure (the implementations have their own tests in search/)
// ---------------------------------------------------------------------------------------------
describe('catalog.search', () => {
  it('returns whole entries in rank order for prefixes and typos, to anyone', async () => {
    const system = await createGameSystem();
    const faction = await createFaction(system.id);
    const squad = await createEntry({
      gameSystemId: system.id,
      factionId: faction.id,
      name: 'Intercessor Squad',
    });
    const lieutenant = await createEntry({
      gameSystemId: system.id,
      name: 'Primaris Lieutenant',
      loreDescription: 'Leads intercessors.',
    });
    const vindictors = await createEntry({ gameSystemId: system.id, name: 'Stormcast Eternals Vindictors' });
    await createEntry({ gameSystemId: system.id, name: 'Stormcast Eternals Liberators' });

    const prefix = await visitor.catalog.search.query({ q: 'intercess', gameSystemId: system.id });
    expect(prefix.items.map((item) => item.id)).toEqual([squad.id, lieutenant.id]);
    expect(prefix.items[0]).toMatchObject({ name: 'Intercessor Squad', faction: { id: faction.id } });
    expect(prefix.items[0]!.score).toBeGreaterThan(prefix.items[1]!.score);

    const typo = await visitor.catalog.search.query({ q: 'intercesor', gameSystemId: system.id });
    expect(typo.items[0]?.id).toBe(squad.id);

    const words = await visitor.catalog.search.query({ q: 'stormcast vindictor', gameSystemId: system.id });
    expect(words.items.map((item) => item.id)).toEqual([vindictors.id]);

    const byFaction = await visitor.catalog.search.query({ q: 'intercessor', factionId: faction.id });
    expect(byFaction.items.map((item) => item.id)).toEqual([squad.id]);
  });

  it('pages through results with the cursor', async () => {
    const system = await createGameSystem();
    const made = await Promise.all(
      ['Ork Boyz', 'Ork Nobz', 'Ork Warboss', 'Ork Trukk', 'Ork Deff Dread'].map((name) =>
        createEntry({ gameSystemId: system.id, name }),
      ),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await visitor.catalog.search.query({
        q: 'ork',
        gameSystemId: system.id,
        limit: 2,
        cursor,
      });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(made.map((entry) => entry.id).sort());
  });

  it('rejects an empty, too long or letterless query, a limit over 50 and a bad cursor', async () => {
    await trpcError(visitor.catalog.search.query({ q: '' }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.search.query({ q: '   ' }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.search.query({ q: 'x'.repeat(101) }), 'BAD_REQUEST');
    const letterless = await trpcError(visitor.catalog.search.query({ q: '!?*' }), 'BAD_REQUEST');
    expect(letterless.message).toMatch(/letter or number/);
    await trpcError(visitor.catalog.search.query({ q: 'ork', limit: 51 }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.search.query({ q: 'ork', cursor: 'bogus' }), 'BAD_REQUEST');
    await trpcError(visitor.catalog.search.query({ q: 'ork', gameSystemId: 'nope' }), 'BAD_REQUEST');
    expect((await visitor.catalog.search.query({ q: 'x'.repeat(100) })).items).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Administration
// ---------------------------------------------------------------------------------------------
describe('catalog.create', () => {
  it('lets an administrator create an entry, generating a unique slug and an audit row', async () => {
    const system = await createGameSystem();
    const faction = await createFaction(system.id);
    const input = {
      name: 'Ætherwing Scout — Squad!',
      factionId: faction.id,
      modelType: 'fast_attack' as const,
      msrp: 37.5,
      currency: 'eur',
      releaseDate: '2025-03-01',
      barcode: '5011921-178011',
      description: 'Fast flyers.',
      loreDescription: 'Kharadron scouts.',
      rulesText: 'Move 12".',
      images: ['https://img.example/a.jpg'],
      dimensions: { heightMm: 55.5, modelsInBox: 3 },
      baseSize: '40mm',
      pointsValue: 90,
      tags: ['Flyer', 'flyer', ' scouts '],
    };
    const created = await admin.client.catalog.create.mutate(input);
    expect(created).toMatchObject({
      name: 'Ætherwing Scout — Squad!',
      slug: 'aetherwing-scout-squad',
      gameSystem: { id: system.id }, // taken from the faction
      faction: { id: faction.id },
      msrp: 37.5,
      currency: 'EUR',
      releaseDate: '2025-03-01',
      barcode: '5011921178011',
      dimensions: { heightMm: 55.5, modelsInBox: 3 },
      tags: ['flyer', 'scouts'],
      discontinued: false,
      prices: [],
    });
    const again = await admin.client.catalog.create.mutate({ ...input, barcode: undefined });
    expect(again.slug).toBe('aetherwing-scout-squad-2');

    const audit = await db().auditLog.findMany({ where: { recordId: created.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      userId: admin.id,
      action: 'catalog.entry.create',
      tableName: 'models_catalog',
    });

    // Searchable at once (the trigger maintains search_vector).
    const found = await visitor.catalog.search.query({ q: 'aetherwing', gameSystemId: system.id });
    expect(found.items.map((item) => item.id)).toContain(created.id);
  });

  it('refuses a slug another entry already has, and writes nothing', async () => {
    const existing = await createEntry({ name: 'Taken', slug: `taken-${unique()}` });
    const before = await db().catalogModel.count();
    const error = await trpcError(
      admin.client.catalog.create.mutate({ name: 'Another', slug: existing.slug }),
      'CONFLICT',
    );
    expect(error.message).toMatch(/slug/);
    expect(await db().catalogModel.count()).toBe(before);
  });

  it('rejects bad input field by field and writes nothing', async () => {
    const before = await db().catalogModel.count();
    const auditBefore = await db().auditLog.count();
    const cases: [string, Record<string, unknown>][] = [
      ['name', { name: '' }],
      ['name', { name: 'x'.repeat(256) }],
      ['msrp', { msrp: -1 }],
      ['msrp', { msrp: 12.345 }],
      ['pointsValue', { pointsValue: -5 }],
      ['pointsValue', { pointsValue: 1.5 }],
      ['images', { images: Array.from({ length: 21 }, (_, i) => `https://img.example/${i}.jpg`) }],
      ['images', { images: ['javascript:alert(1)'] }],
      ['images', { images: ['https://img.example/a.jpg', 'https://img.example/a.jpg'] }],
      ['barcode', { barcode: '123' }],
      ['dimensions', { dimensions: { heightMm: -3 } }],
      ['dimensions', { dimensions: { heightMm: 10, colour: 'red' } }],
      ['dimensions', { dimensions: {} }],
      ['dimensions', { dimensions: { modelsInBox: 0 } }],
      ['currency', { currency: 'EURO' }],
      ['releaseDate', { releaseDate: '2024-02-30' }],
      ['modelType', { modelType: 'titan' }],
      ['slug', { slug: 'Has Spaces' }],
      ['tags', { tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) }],
      ['baseSize', { baseSize: 'x'.repeat(21) }],
      ['gameSystemId', { gameSystemId: 'nope' }],
    ];
    for (const [field, patch] of cases) {
      const error = await trpcError(
        admin.client.catalog.create.mutate({
          name: 'Valid name',
          ...patch,
        } as RouterInputs['catalog']['create']),
        'BAD_REQUEST',
      );
      expect(Object.keys(error.data?.zod?.fieldErrors ?? {}), JSON.stringify(patch)).toContain(field);
    }
    expect(await db().catalogModel.count()).toBe(before);
    expect(await db().auditLog.count()).toBe(auditBefore);
  });

  it('rejects an unknown game system or a faction from another game system, writing nothing', async () => {
    const system = await createGameSystem();
    const elsewhere = await createFaction((await createGameSystem()).id);
    const before = await db().catalogModel.count();
    await trpcError(
      admin.client.catalog.create.mutate({ name: 'X', gameSystemId: randomUUID() }),
      'BAD_REQUEST',
    );
    await trpcError(
      admin.client.catalog.create.mutate({ name: 'X', factionId: randomUUID() }),
      'BAD_REQUEST',
    );
    const mismatch = await trpcError(
      admin.client.catalog.create.mutate({ name: 'X', gameSystemId: system.id, factionId: elsewhere.id }),
      'BAD_REQUEST',
    );
    expect(mismatch.message).toMatch(/another game system/);
    expect(await db().catalogModel.count()).toBe(before);
  });

  it('refuses a normal user (FORBIDDEN) and a visitor (UNAUTHORIZED), writing nothing', async () => {
    const before = await db().catalogModel.count();
    await trpcError(painter.client.catalog.create.mutate({ name: 'Sneaky' }), 'FORBIDDEN');
    await trpcError(visitor.catalog.create.mutate({ name: 'Sneaky' }), 'UNAUTHORIZED');
    expect(await db().catalogModel.count()).toBe(before);
  });
});

describe('catalog.update', () => {
  it('changes, clears and moves fields, and records old and new values', async () => {
    const system = await createGameSystem();
    const factionA = await createFaction(system.id);
    const otherSystem = await createGameSystem();
    const factionB = await createFaction(otherSystem.id);
    const entry = await admin.client.catalog.create.mutate({
      name: 'Old name',
      factionId: factionA.id,
      msrp: 10,
      dimensions: { heightMm: 30 },
      barcode: '12345678',
    });

    const updated = await admin.client.catalog.update.mutate({
      id: entry.id,
      changes: {
        name: 'New name',
        msrp: 12.99,
        dimensions: null,
        barcode: null,
        factionId: factionB.id,
        slug: `renamed-${unique()}`,
      },
    });
    expect(updated).toMatchObject({
      id: entry.id,
      name: 'New name',
      msrp: 12.99,
      dimensions: null,
      barcode: null,
      faction: { id: factionB.id },
      gameSystem: { id: otherSystem.id }, // a new faction carries its game system along
    });
    expect(updated.slug).toMatch(/^renamed-/);

    const cleared = await admin.client.catalog.update.mutate({
      id: entry.id,
      changes: { factionId: null, gameSystemId: null },
    });
    expect(cleared).toMatchObject({ faction: null, gameSystem: null, name: 'New name' });

    const audit = await db().auditLog.findMany({
      where: { recordId: entry.id, action: 'catalog.entry.update' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.oldValues).toMatchObject({ name: 'Old name', factionId: factionA.id });
    expect(audit[0]!.newValues).toMatchObject({ name: 'New name', factionId: factionB.id, dimensions: null });
  });

  it('refuses a taken slug, a faction of another system, an unknown entry and empty changes; nothing changes', async () => {
    const system = await createGameSystem();
    const faction = await createFaction(system.id);
    const elsewhere = await createFaction((await createGameSystem()).id);
    const entry = await createEntry({
      name: 'Keep me',
      gameSystemId: system.id,
      factionId: faction.id,
      msrp: '5.00',
    });
    const other = await createEntry({ name: 'Other' });
    const snapshot = await db().catalogModel.findUniqueOrThrow({ where: { id: entry.id } });

    await trpcError(
      admin.client.catalog.update.mutate({ id: entry.id, changes: { slug: other.slug, name: 'Renamed' } }),
      'CONFLICT',
    );
    await trpcError(
      admin.client.catalog.update.mutate({
        id: entry.id,
        changes: { gameSystemId: system.id, factionId: elsewhere.id },
      }),
      'BAD_REQUEST',
    );
    await trpcError(
      admin.client.catalog.update.mutate({
        id: entry.id,
        changes: { gameSystemId: (await createGameSystem()).id },
      }),
      'BAD_REQUEST',
    );
    await trpcError(admin.client.catalog.update.mutate({ id: entry.id, changes: {} }), 'BAD_REQUEST');
    await trpcError(
      admin.client.catalog.update.mutate({ id: entry.id, changes: { msrp: -2 } }),
      'BAD_REQUEST',
    );
    await trpcError(
      admin.client.catalog.update.mutate({ id: randomUUID(), changes: { name: 'Ghost' } }),
      'NOT_FOUND',
    );

    expect(await db().catalogModel.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(snapshot);
    expect(await db().auditLog.count({ where: { recordId: entry.id } })).toBe(0);
  });

  it('refuses a normal user and a visitor', async () => {
    const entry = await createEntry({ name: 'Guarded' });
    await trpcError(
      painter.client.catalog.update.mutate({ id: entry.id, changes: { name: 'Mine now' } }),
      'FORBIDDEN',
    );
    await trpcError(
      visitor.catalog.update.mutate({ id: entry.id, changes: { name: 'Mine now' } }),
      'UNAUTHORIZED',
    );
    expect((await db().catalogModel.findUniqueOrThrow({ where: { id: entry.id } })).name).toBe('Guarded');
  });
});

describe('catalog.retire', () => {
  it('marks an entry discontinued, keeps it and the collections that hold it, and is idempotent', async () => {
    const entry = await createEntry({ name: 'Classic Rhino' });
    const owned = await db().userModel.create({ data: { userId: painter.id, modelId: entry.id } });

    const retired = await admin.client.catalog.retire.mutate({ id: entry.id });
    expect(retired).toMatchObject({ id: entry.id, discontinued: true });
    expect(await db().catalogModel.findUnique({ where: { id: entry.id } })).toMatchObject({
      discontinued: true,
    });
    expect(await db().userModel.findUniqueOrThrow({ where: { id: owned.id } })).toMatchObject({
      modelId: entry.id,
    });

    const again = await admin.client.catalog.retire.mutate({ id: entry.id });
    expect(again.discontinued).toBe(true);
    expect(await db().auditLog.count({ where: { recordId: entry.id, action: 'catalog.entry.retire' } })).toBe(
      1,
    );

    // Still on its page and in lists filtered for retired entries; an administrator can bring it back.
    expect((await visitor.catalog.entry.query({ id: entry.id })).discontinued).toBe(true);
    const back = await admin.client.catalog.update.mutate({ id: entry.id, changes: { discontinued: false } });
    expect(back.discontinued).toBe(false);
  });

  it('answers NOT_FOUND for an unknown entry and BAD_REQUEST for a malformed id', async () => {
    await trpcError(admin.client.catalog.retire.mutate({ id: randomUUID() }), 'NOT_FOUND');
    await trpcError(admin.client.catalog.retire.mutate({ id: 'rhino' }), 'BAD_REQUEST');
  });

  it('refuses a normal user and a visitor', async () => {
    const entry = await createEntry({ name: 'Not yours to retire' });
    await trpcError(painter.client.catalog.retire.mutate({ id: entry.id }), 'FORBIDDEN');
    await trpcError(visitor.catalog.retire.mutate({ id: entry.id }), 'UNAUTHORIZED');
    expect((await db().catalogModel.findUniqueOrThrow({ where: { id: entry.id } })).discontinued).toBe(false);
  });
});

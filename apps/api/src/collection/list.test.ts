import type { addItemInput, CollectionListInput } from '@plastic-crack/api-contract';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import {
  createCatalogEntry,
  createCatalogue,
  daysFromToday,
  expectTrpcError,
  type TestCatalogue,
} from './test-helpers.ts';

type AddItemInput = z.input<typeof addItemInput>;

let app: TestApi;
let owner: TestUser;
let viewer: TestUser;
let catalogue: TestCatalogue;

/** The owner's items by label, with what the list should say about them. */
interface Fixture {
  id: string;
  label: string;
  name: string;
  factionId: string | null;
  gameSystemId: string | null;
  points: number | null;
  price: number | null;
  purchaseDate: string | null;
  createdOrder: number;
}
const items = new Map<string, Fixture>();

beforeAll(async () => {
  app = await startTestApi();
  [owner, viewer] = await Promise.all([createUser(app), createUser(app)]);
  const db = app.database.db;
  catalogue = await createCatalogue(db);
  const {
    factionId: fA,
    otherFactionId: fB,
    gameSystemId: gs1,
    otherGameSystemId: gs2,
    otherSystemFactionId: fC,
  } = catalogue;
  const redemptor = await createCatalogEntry(db, {
    name: 'Redemptor Dreadnought',
    factionId: fA,
    gameSystemId: gs1,
    pointsValue: 210,
  });
  const boyz = await createCatalogEntry(db, {
    name: 'Boyz',
    factionId: fB,
    gameSystemId: gs1,
    pointsValue: 80,
  });
  const liberators = await createCatalogEntry(db, {
    name: 'Liberators',
    factionId: fC,
    gameSystemId: gs2,
    pointsValue: 100,
  });
  const hellblasters = await createCatalogEntry(db, {
    name: 'Hellblasters',
    factionId: fA,
    gameSystemId: gs1,
  });

  const specs: [
    string,
    AddItemInput,
    Omit<Fixture, 'id' | 'label' | 'createdOrder' | 'price' | 'purchaseDate'>,
  ][] = [
    [
      'redemptor',
      { modelId: redemptor.id, purchasePrice: 150, purchaseDate: daysFromToday(-400), tags: ['hq'] },
      { name: 'Redemptor Dreadnought', factionId: fA, gameSystemId: gs1, points: 210 },
    ],
    [
      'gallus',
      { modelId: redemptor.id, name: 'Brother Gallus', paintingStatus: 'finished' },
      { name: 'Brother Gallus', factionId: fA, gameSystemId: gs1, points: 210 },
    ],
    [
      'boyz',
      {
        modelId: boyz.id,
        quantity: 10,
        purchasePrice: 3.5,
        paintingStatus: 'primed',
        tags: ['troops', 'green'],
        condition: 'good',
      },
      { name: 'Boyz', factionId: fB, gameSystemId: gs1, points: 80 },
    ],
    // Counts-as: its own faction wins over the catalogue's.
    [
      'counts-as',
      { modelId: boyz.id, factionId: fA, name: 'Grey Knights' },
      { name: 'Grey Knights', factionId: fA, gameSystemId: gs1, points: 80 },
    ],
    [
      'liberators',
      {
        modelId: liberators.id,
        paintingStatus: 'showcase_ready',
        purchasePrice: 60,
        purchaseDate: daysFromToday(-30),
        tags: ['troops'],
      },
      { name: 'Liberators', factionId: fC, gameSystemId: gs2, points: 100 },
    ],
    [
      'hellblasters',
      { modelId: hellblasters.id, paintingStatus: 'primed', isShowcase: true },
      { name: 'Hellblasters', factionId: fA, gameSystemId: gs1, points: null },
    ],
    [
      'kitbash',
      {
        name: 'Kitbash Captain',
        factionId: fA,
        pointsValue: 95,
        paintingStatus: 'detailed',
        tags: ['hq', 'kitbash'],
        condition: 'fair',
      },
      { name: 'Kitbash Captain', factionId: fA, gameSystemId: gs1, points: 95 },
    ],
    [
      'terrain',
      {
        name: 'Terrain Ruins',
        purchasePrice: 45.5,
        quantity: 2,
        condition: 'poor',
        purchaseDate: daysFromToday(-5),
      },
      { name: 'Terrain Ruins', factionId: null, gameSystemId: null, points: null },
    ],
    [
      'zealot',
      { name: 'Zealot 100% Bits', gameSystemId: gs2 },
      { name: 'Zealot 100% Bits', factionId: null, gameSystemId: gs2, points: null },
    ],
    [
      'apothecary',
      {
        name: 'Apothecary',
        factionId: fA,
        paintingStatus: 'primed',
        purchasePrice: 3.5,
        purchaseDate: daysFromToday(-30),
      },
      { name: 'Apothecary', factionId: fA, gameSystemId: gs1, points: null },
    ],
    ...[1, 2, 3, 4].map(
      (
        n,
      ): [
        string,
        AddItemInput,
        Omit<Fixture, 'id' | 'label' | 'createdOrder' | 'price' | 'purchaseDate'>,
      ] => [
        `tie-${n}`,
        { name: 'Tie Squad', paintingStatus: 'primed', purchasePrice: 3.5 },
        { name: 'Tie Squad', factionId: null, gameSystemId: null, points: null },
      ],
    ),
    [
      'secret',
      { name: 'Secret Project', factionId: fA, isPublic: false },
      { name: 'Secret Project', factionId: fA, gameSystemId: gs1, points: null },
    ],
  ];
  let order = 0;
  for (const [label, input, expected] of specs) {
    const item = await owner.client.collection.add.mutate(input);
    items.set(label, {
      id: item.id,
      label,
      ...expected,
      price: input.purchasePrice ?? null,
      purchaseDate: input.purchaseDate ?? null,
      createdOrder: order++,
    });
  }
  // A tracked-not-owned row and another collector's items never show in this collection.
  await db.userModel.create({ data: { userId: owner.id, name: 'Wishlist thing', isWishlist: true } });
  await viewer.client.collection.add.mutate({ name: 'Viewer item', factionId: fA });
});
afterAll(() => app.close());

const byId = (id: string) => [...items.values()].find((item) => item.id === id)!.label;

async function labels(input: Partial<CollectionListInput> = {}, user: TestUser = owner): Promise<string[]> {
  const page = await user.client.collection.list.query({ limit: 100, ...input });
  return page.items.map((item) => byId(item.id));
}

const sorted = (values: string[]) => [...values].sort();

describe('collection.list: scope and shape', () => {
  it("lists the owner's items newest first with names, placements and owner details, nothing else", async () => {
    const page = await owner.client.collection.list.query({});
    expect(page.items.map((item) => byId(item.id))).toEqual(
      [...items.values()].sort((a, b) => b.createdOrder - a.createdOrder).map((item) => item.label),
    );
    expect(page.nextCursor).toBeNull();
    expect(page.owner).toEqual({ id: owner.id, isOwner: true });
    for (const item of page.items) {
      const fixture = items.get(byId(item.id))!;
      expect(item.name).toBe(fixture.name);
      expect(item.faction?.id ?? null).toBe(fixture.factionId);
      expect(item.gameSystem?.id ?? null).toBe(fixture.gameSystemId);
      expect(item.pointsValue).toBe(fixture.points);
      expect(item.ownerDetails?.purchasePrice ?? null).toBe(fixture.price);
      expect(item.photoCount).toBe(0);
    }
    const boyz = page.items.find((item) => byId(item.id) === 'boyz')!;
    expect(boyz).toMatchObject({
      quantity: 10,
      condition: 'good',
      paintingStatus: 'primed',
      tags: ['troops', 'green'],
    });
    expect(boyz.faction?.name).toMatch(/^Orks/);
  });

  it('shows another viewer only the public items, without owner details', async () => {
    const page = await viewer.client.collection.list.query({
      ownerUsername: owner.username.toUpperCase(),
      limit: 100,
    });
    expect(page.owner).toEqual({ id: owner.id, isOwner: false });
    expect(sorted(page.items.map((item) => byId(item.id)))).toEqual(
      sorted([...items.keys()].filter((label) => label !== 'secret')),
    );
    expect(page.items.every((item) => item.ownerDetails === null)).toBe(true);
    // Naming yourself is your own full collection.
    expect(await labels({ ownerUsername: owner.username })).toContain('secret');
  });

  it('asks an anonymous caller for whose collection, and answers NOT_FOUND for an unknown one', async () => {
    await expectTrpcError(app.client().collection.list.query({}), 'UNAUTHORIZED');
    const anonymous = await app.client().collection.list.query({ ownerUsername: owner.username, limit: 100 });
    expect(anonymous.items).toHaveLength(items.size - 1);
    await expectTrpcError(owner.client.collection.list.query({ ownerUsername: 'nobody_here' }), 'NOT_FOUND');
  });

  it('refuses bad input', async () => {
    for (const input of [
      { limit: 0 },
      { limit: 101 },
      { sort: { by: 'colour' } },
      { sort: { by: 'name', direction: 'up' } },
      { filters: { stages: [] } },
      { filters: { stages: ['wet'] } },
      { filters: { factionIds: ['x'] } },
      { filters: { search: 'x'.repeat(101) } },
      { filters: { colour: 'red' } },
      { ownerUsername: 'bad name!' },
      { cursor: 'x'.repeat(1025) },
    ]) {
      await expectTrpcError(owner.client.collection.list.query(input as never), 'BAD_REQUEST');
    }
  });
});

describe('collection.list: filters', () => {
  it.each([
    [
      'faction (own, or the catalogue entry’s)',
      () => ({ factionIds: [catalogue.factionId] }),
      ['redemptor', 'gallus', 'counts-as', 'hellblasters', 'kitbash', 'apothecary', 'secret'],
    ],
    ['a faction overridden away', () => ({ factionIds: [catalogue.otherFactionId] }), ['boyz']],
    [
      'several factions',
      () => ({ factionIds: [catalogue.otherFactionId, catalogue.otherSystemFactionId] }),
      ['boyz', 'liberators'],
    ],
    ['game system', () => ({ gameSystemIds: [catalogue.otherGameSystemId] }), ['liberators', 'zealot']],
    [
      'one stage',
      () => ({ stages: ['primed' as const] }),
      ['boyz', 'hellblasters', 'apothecary', 'tie-1', 'tie-2', 'tie-3', 'tie-4'],
    ],
    [
      'painted stages',
      () => ({ stages: ['finished' as const, 'showcase_ready' as const] }),
      ['gallus', 'liberators'],
    ],
    ['a tag', () => ({ tags: ['troops'] }), ['boyz', 'liberators']],
    ['every tag given (normalised)', () => ({ tags: [' HQ', 'Kitbash'] }), ['kitbash']],
    ['conditions', () => ({ conditions: ['good' as const, 'fair' as const] }), ['boyz', 'kitbash']],
    ['showcase', () => ({ showcase: true }), ['hellblasters']],
    ['name search, catalogue name included', () => ({ search: 'DREAD' }), ['redemptor']],
    ['name search on an own name', () => ({ search: 'gallus' }), ['gallus']],
    ['name search with % taken literally', () => ({ search: '100%' }), ['zealot']],
    [
      'faction and stage together',
      () => ({ factionIds: [catalogue.factionId], stages: ['primed' as const] }),
      ['hellblasters', 'apothecary'],
    ],
    [
      'tag and condition with nothing in common',
      () => ({ tags: ['troops'], conditions: ['poor' as const] }),
      [],
    ],
  ] as const)('by %s', async (_label, filters, expected) => {
    expect(sorted(await labels({ filters: filters() as never }))).toEqual(sorted([...expected]));
  });
});

describe('collection.list: sorting and paging', () => {
  type Key = string | number | null;
  const keyOf: Record<string, (item: Fixture) => Key> = {
    name: (item) => item.name.toLowerCase(),
    price: (item) => item.price,
    points: (item) => item.points,
    purchaseDate: (item) => item.purchaseDate,
    added: (item) => item.createdOrder,
  };
  /** The expected order: by value (empty values last either way), ties by id in the same direction. */
  function expectedOrder(by: string, direction: 'asc' | 'desc'): string[] {
    const sign = direction === 'asc' ? 1 : -1;
    return [...items.values()]
      .sort((a, b) => {
        const [ka, kb] = [keyOf[by]!(a), keyOf[by]!(b)];
        if (ka === null || kb === null) {
          if (ka !== kb) return ka === null ? 1 : -1;
        } else if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
        return (a.id < b.id ? -1 : 1) * sign;
      })
      .map((item) => item.label);
  }

  it.each([
    ['name', 'asc'],
    ['name', 'desc'],
    ['price', 'asc'],
    ['price', 'desc'],
    ['points', 'asc'],
    ['points', 'desc'],
    ['purchaseDate', 'desc'],
    ['purchaseDate', 'asc'],
    ['added', 'asc'],
  ] as const)('sorts by %s %s, empty values last and ties by id', async (by, direction) => {
    expect(await labels({ sort: { by, direction } })).toEqual(expectedOrder(by, direction));
  });

  it('sorts by stage in workflow order', async () => {
    const stages = (
      await owner.client.collection.list.query({ sort: { by: 'stage' }, limit: 100 })
    ).items.map((item) => item.paintingStatus);
    const order = [
      'unpainted',
      'primed',
      'basecoated',
      'shaded',
      'highlighted',
      'detailed',
      'finished',
      'showcase_ready',
    ];
    expect(stages).toEqual([...stages].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(stages[0]).toBe('unpainted');
    expect(stages.at(-1)).toBe('showcase_ready');
  });

  it.each([
    ['name', 'asc', 2],
    ['price', 'asc', 3],
    ['price', 'desc', 4],
    ['points', 'desc', 3],
    ['stage', 'asc', 2],
    ['added', 'desc', 4],
    ['purchaseDate', 'desc', 5],
  ] as const)(
    'pages through %s %s in pages of %i with every item exactly once, ties included',
    async (by, direction, limit) => {
      const whole = await labels({ sort: { by, direction } });
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof owner.client.collection.list.query>> =
          await owner.client.collection.list.query({
            sort: { by, direction },
            limit,
            cursor,
          });
        walked.push(...page.items.map((item) => byId(item.id)));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 50);
      expect(walked).toEqual(whole);
      expect(pages).toBe(Math.ceil(items.size / limit));
    },
  );

  it('pages filtered results and keeps other viewers to public items across pages', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof viewer.client.collection.list.query>> =
        await viewer.client.collection.list.query({
          ownerUsername: owner.username,
          filters: { factionIds: [catalogue.factionId] },
          sort: { by: 'name' },
          limit: 2,
          cursor,
        });
      walked.push(...page.items.map((item) => byId(item.id)));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(['apothecary', 'gallus', 'counts-as', 'hellblasters', 'kitbash', 'redemptor']);
  });

  it('refuses a cursor from another order or a forged one', async () => {
    const first = await owner.client.collection.list.query({ sort: { by: 'price' }, limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    await expectTrpcError(
      owner.client.collection.list.query({ sort: { by: 'name' }, limit: 2, cursor: first.nextCursor }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      owner.client.collection.list.query({
        sort: { by: 'price', direction: 'desc' },
        limit: 2,
        cursor: first.nextCursor,
      }),
      'BAD_REQUEST',
    );
    const forged = Buffer.from(
      JSON.stringify({ by: 'price', dir: 'asc', key: '1; DROP TABLE users', id: crypto.randomUUID() }),
    ).toString('base64url');
    await expectTrpcError(
      owner.client.collection.list.query({ sort: { by: 'price' }, cursor: forged }),
      'BAD_REQUEST',
    );
    await expectTrpcError(owner.client.collection.list.query({ cursor: '!!!' }), 'BAD_REQUEST');
  });

  it('returns 50 items by default and at most 100', async () => {
    const bulk = await createUser(app);
    await app.database.db.userModel.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({ userId: bulk.id, name: `Grot ${i}` })),
    });
    const first = await bulk.client.collection.list.query({});
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const big = await bulk.client.collection.list.query({ limit: 100 });
    expect(big.items).toHaveLength(100);
    const rest = await bulk.client.collection.list.query({ limit: 100, cursor: big.nextCursor });
    expect(rest.items).toHaveLength(20);
    expect(rest.nextCursor).toBeNull();
  });
});

describe('collection.groups', () => {
  const counts = (groups: { key: string | null; items: number }[]) =>
    Object.fromEntries(groups.map((group) => [group.key ?? 'none', group.items]));

  it('counts items and models by faction, game system, stage and condition', async () => {
    const byFaction = await owner.client.collection.groups.query({ by: 'faction' });
    expect(counts(byFaction.groups)).toEqual({
      [catalogue.factionId]: 7,
      [catalogue.otherFactionId]: 1,
      [catalogue.otherSystemFactionId]: 1,
      none: 6,
    });
    expect(byFaction.groups.at(-1)?.key).toBeNull(); // "no faction" last
    expect(byFaction.groups.find((group) => group.key === catalogue.otherFactionId)).toMatchObject({
      quantity: 10,
      label: expect.stringMatching(/^Orks/),
    });
    expect(byFaction).toMatchObject({ totalItems: 15, totalQuantity: 25 });

    const bySystem = await owner.client.collection.groups.query({ by: 'gameSystem' });
    expect(counts(bySystem.groups)).toEqual({
      [catalogue.gameSystemId]: 8,
      [catalogue.otherGameSystemId]: 2,
      none: 5,
    });

    const byStage = await owner.client.collection.groups.query({ by: 'stage' });
    expect(byStage.groups.map((group) => [group.key, group.items])).toEqual([
      ['unpainted', 5],
      ['primed', 7],
      ['detailed', 1],
      ['finished', 1],
      ['showcase_ready', 1],
    ]);
    const byCondition = await owner.client.collection.groups.query({ by: 'condition' });
    expect(byCondition.groups.map((group) => [group.key, group.items])).toEqual([
      ['new', 12],
      ['good', 1],
      ['fair', 1],
      ['poor', 1],
    ]);
  });

  it('applies the list filters, and counts only public items for others', async () => {
    const primed = await owner.client.collection.groups.query({
      by: 'faction',
      filters: { stages: ['primed'] },
    });
    expect(counts(primed.groups)).toEqual({
      [catalogue.factionId]: 2,
      [catalogue.otherFactionId]: 1,
      none: 4,
    });
    const seen = await viewer.client.collection.groups.query({
      by: 'faction',
      ownerUsername: owner.username,
    });
    expect(counts(seen.groups)[catalogue.factionId]).toBe(6);
    expect(seen.totalItems).toBe(14);
  });

  it('refuses bad input and an anonymous caller without an owner', async () => {
    await expectTrpcError(owner.client.collection.groups.query({ by: 'colour' } as never), 'BAD_REQUEST');
    await expectTrpcError(app.client().collection.groups.query({ by: 'stage' }), 'UNAUTHORIZED');
  });
});

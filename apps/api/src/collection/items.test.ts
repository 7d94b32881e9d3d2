import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import {
  createCatalogEntry,
  createCatalogue,
  createCollection,
  daysFromToday,
  expectTrpcError,
  type TestCatalogue,
} from './test-helpers.ts';

let app: TestApi;
let owner: TestUser;
let other: TestUser;
let catalogue: TestCatalogue;
beforeAll(async () => {
  app = await startTestApi();
  [owner, other] = await Promise.all([createUser(app), createUser(app)]);
  catalogue = await createCatalogue(app.database.db);
});
afterAll(() => app.close());

const countItems = (userId: string) => app.database.db.userModel.count({ where: { userId } });

describe('collection.add', () => {
  it('adds a custom item with every detail, normalised', async () => {
    const item = await owner.client.collection.add.mutate({
      name: '  Captain in Gravis Armour ',
      factionId: catalogue.factionId,
      pointsValue: 80,
      quantity: 3,
      purchasePrice: 32.5,
      currency: 'eur',
      purchaseDate: daysFromToday(-10),
      purchaseLocation: 'Warhammer store, Nottingham',
      condition: 'like_new',
      storageLocation: 'Shelf B',
      tags: ['  HQ ', 'hq', 'Ultra  Marines'],
      notes: 'Magnetised arms.\nPrimed grey.',
      colourScheme: { primary: [{ name: 'Macragge Blue', hex: '#0D407F', brand: 'Citadel' }] },
      techniques: ['Edge highlighting', 'edge highlighting', 'Glazing'],
      isShowcase: true,
    });
    expect(item).toMatchObject({
      ownerId: owner.id,
      modelId: null,
      name: 'Captain in Gravis Armour',
      customName: 'Captain in Gravis Armour',
      faction: { id: catalogue.factionId },
      // A faction implies its game system.
      gameSystem: { id: catalogue.gameSystemId },
      pointsValue: 80,
      quantity: 3,
      condition: 'like_new',
      paintingStatus: 'unpainted',
      paintingStartDate: null,
      paintingCompletionDate: null,
      tags: ['hq', 'ultra marines'],
      notes: 'Magnetised arms.\nPrimed grey.',
      techniques: ['Edge highlighting', 'Glazing'],
      isShowcase: true,
      isPublic: true, // collections are shared by default
      ownerDetails: {
        purchasePrice: 32.5,
        currency: 'EUR',
        purchaseDate: daysFromToday(-10),
        purchaseLocation: 'Warhammer store, Nottingham',
        storageLocation: 'Shelf B',
        customFields: {},
      },
    });
    expect(item.colourScheme).toEqual({
      primary: [{ name: 'Macragge Blue', hex: '#0d407f', brand: 'Citadel' }],
      secondary: [],
      accent: [],
      basing: [],
    });
    // The price is stored per unit.
    const row = await app.database.db.userModel.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.purchasePrice?.toString()).toBe('32.5');
    // The database records the starting stage.
    const history = await app.database.db.paintingStatusHistory.findMany({ where: { userModelId: item.id } });
    expect(history).toMatchObject([{ fromStatus: null, toStatus: 'unpainted' }]);
  });

  it('adds from the catalogue, taking its name, faction, game system and points unless overridden', async () => {
    const entry = await createCatalogEntry(app.database.db, {
      name: 'Redemptor Dreadnought',
      factionId: catalogue.factionId,
      gameSystemId: catalogue.gameSystemId,
      pointsValue: 210,
    });
    const linked = await owner.client.collection.add.mutate({ modelId: entry.id });
    expect(linked).toMatchObject({
      modelId: entry.id,
      name: 'Redemptor Dreadnought',
      customName: null,
      catalogName: 'Redemptor Dreadnought',
      faction: { id: catalogue.factionId },
      gameSystem: { id: catalogue.gameSystemId },
      pointsValue: 210,
      quantity: 1,
    });
    const renamed = await owner.client.collection.add.mutate({
      modelId: entry.id,
      name: 'Brother Gallus',
      pointsValue: 200,
    });
    expect(renamed).toMatchObject({
      name: 'Brother Gallus',
      catalogName: 'Redemptor Dreadnought',
      pointsValue: 200,
    });
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const before = await countItems(owner.id);
    const cases: unknown[] = [
      {},
      { name: '   ' },
      { name: 'x'.repeat(256) },
      { name: 'A', quantity: 0 },
      { name: 'A', quantity: 10_001 },
      { name: 'A', purchasePrice: -1 },
      { name: 'A', purchasePrice: 1.005 },
      { name: 'A', currency: 'EURO' },
      { name: 'A', currency: 'E1R' },
      { name: 'A', purchaseDate: '2024-02-30' },
      { name: 'A', tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) },
      { name: 'A', tags: ['x'.repeat(41)] },
      { name: 'A', notes: 'x'.repeat(5001) },
      { name: 'A', techniques: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { name: 'A', colourScheme: { primary: [{ name: 'Blue', hex: 'blue' }] } },
      { name: 'A', colourScheme: { primary: [], lasers: [] } },
      { name: 'A', condition: 'mint' },
      { name: 'A', paintingStatus: 'display_ready' },
      { name: 'A', modelId: 'not-a-uuid' },
      { name: 'A', pointsValue: -5 },
      { name: 'A', surprise: true },
    ];
    for (const input of cases) {
      await expectTrpcError(owner.client.collection.add.mutate(input as never), 'BAD_REQUEST');
    }
    expect(await countItems(owner.id)).toBe(before);
  });

  it('refuses references that do not exist or do not agree, writing nothing', async () => {
    const before = await countItems(owner.id);
    const missing = '00000000-0000-4000-8000-000000000000';
    const unknownModel = await expectTrpcError(
      owner.client.collection.add.mutate({ modelId: missing }),
      'BAD_REQUEST',
    );
    expect(unknownModel.message).toMatch(/catalogue model does not exist/);
    await expectTrpcError(
      owner.client.collection.add.mutate({ name: 'A', factionId: missing }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      owner.client.collection.add.mutate({ name: 'A', gameSystemId: missing }),
      'BAD_REQUEST',
    );
    const mismatch = await expectTrpcError(
      owner.client.collection.add.mutate({
        name: 'A',
        factionId: catalogue.factionId,
        gameSystemId: catalogue.otherGameSystemId,
      }),
      'BAD_REQUEST',
    );
    expect(mismatch.message).toMatch(/another game system/);
    expect(await countItems(owner.id)).toBe(before);
  });

  it('refuses a purchase date in the future with a clear error (the database rule), writing nothing', async () => {
    const before = await countItems(owner.id);
    const error = await expectTrpcError(
      owner.client.collection.add.mutate({ name: 'Time traveller', purchaseDate: daysFromToday(3) }),
      'BAD_REQUEST',
    );
    expect(error.message).toBe('The purchase date cannot be in the future');
    expect(await countItems(owner.id)).toBe(before);
    // Today is fine.
    const today = await owner.client.collection.add.mutate({
      name: 'Bought today',
      purchaseDate: daysFromToday(0),
    });
    expect(today.ownerDetails?.purchaseDate).toBe(daysFromToday(0));
  });

  it('asks an anonymous caller to sign in', async () => {
    await expectTrpcError(app.client().collection.add.mutate({ name: 'Sneaky' }), 'UNAUTHORIZED');
  });
});

describe('collection.get', () => {
  it('shows the owner everything and others the public item without money, places or custom fields', async () => {
    const [id] = await createCollection(owner, 1, {
      purchasePrice: 10,
      storageLocation: 'Box 1',
      notes: 'WIP',
    });
    const mine = await owner.client.collection.get.query({ id: id! });
    expect(mine.ownerDetails).toMatchObject({ purchasePrice: 10, storageLocation: 'Box 1' });
    const theirs = await other.client.collection.get.query({ id: id! });
    expect(theirs).toMatchObject({
      id,
      notes: 'WIP',
      ownerDetails: null,
      owner: { username: owner.username },
    });
    const anonymous = await app.client().collection.get.query({ id: id! });
    expect(anonymous.ownerDetails).toBeNull();
  });

  it('hides a private item from everyone but its owner (NOT_FOUND, like a missing one)', async () => {
    const [id] = await createCollection(owner, 1, { isPublic: false });
    expect((await owner.client.collection.get.query({ id: id! })).isPublic).toBe(false);
    const hidden = await expectTrpcError(other.client.collection.get.query({ id: id! }), 'NOT_FOUND');
    const missing = await expectTrpcError(
      other.client.collection.get.query({ id: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    expect(hidden.message).toBe(missing.message);
    await expectTrpcError(app.client().collection.get.query({ id: id! }), 'NOT_FOUND');
  });

  it('refuses a malformed id', async () => {
    await expectTrpcError(owner.client.collection.get.query({ id: 'nope' }), 'BAD_REQUEST');
  });
});

describe('collection.update', () => {
  it('changes only the fields given, and null clears', async () => {
    const [id] = await createCollection(owner, 1, {
      purchasePrice: 20,
      purchaseLocation: 'eBay',
      storageLocation: 'Case',
      notes: 'Old notes',
      tags: ['old'],
    });
    const updated = await owner.client.collection.update.mutate({
      id: id!,
      quantity: 5,
      purchasePrice: null,
      storageLocation: '',
      notes: null,
      tags: ['New', 'new', 'other'],
      condition: 'fair',
      isPublic: false,
    });
    expect(updated).toMatchObject({
      quantity: 5,
      notes: null,
      tags: ['new', 'other'],
      condition: 'fair',
      isPublic: false,
      ownerDetails: { purchasePrice: null, purchaseLocation: 'eBay', storageLocation: null },
    });
  });

  it('re-links a custom item to the catalogue and back, but never leaves an item without a name', async () => {
    const entry = await createCatalogEntry(app.database.db, {
      name: 'Hellblasters',
      factionId: catalogue.factionId,
    });
    const item = await owner.client.collection.add.mutate({ modelId: entry.id });
    await expectTrpcError(
      owner.client.collection.update.mutate({ id: item.id, modelId: null }),
      'BAD_REQUEST',
    );
    const custom = await owner.client.collection.update.mutate({
      id: item.id,
      modelId: null,
      name: 'Kitbash squad',
    });
    expect(custom).toMatchObject({ modelId: null, name: 'Kitbash squad', catalogName: null });
    const relinked = await owner.client.collection.update.mutate({
      id: item.id,
      modelId: entry.id,
      name: null,
    });
    expect(relinked).toMatchObject({ modelId: entry.id, name: 'Hellblasters', customName: null });
  });

  it('refuses bad input and a future purchase date, changing nothing', async () => {
    const [id] = await createCollection(owner, 1, { quantity: 2, purchaseDate: daysFromToday(-1) });
    const before = await app.database.db.userModel.findUniqueOrThrow({ where: { id: id! } });
    for (const input of [
      { id: id! },
      { id: id!, quantity: 0 },
      { id: id!, tags: ['x'.repeat(41)] },
      { id: id!, currency: 'euro' },
      { id: id!, name: null },
    ]) {
      await expectTrpcError(owner.client.collection.update.mutate(input as never), 'BAD_REQUEST');
    }
    const future = await expectTrpcError(
      owner.client.collection.update.mutate({ id: id!, quantity: 9, purchaseDate: daysFromToday(30) }),
      'BAD_REQUEST',
    );
    expect(future.message).toBe('The purchase date cannot be in the future');
    expect(await app.database.db.userModel.findUniqueOrThrow({ where: { id: id! } })).toEqual(before);
  });

  it("refuses another user's change (NOT_FOUND) and an anonymous one, leaving the item as it was", async () => {
    const [id] = await createCollection(owner, 1, { quantity: 2 });
    await expectTrpcError(other.client.collection.update.mutate({ id: id!, quantity: 99 }), 'NOT_FOUND');
    await expectTrpcError(app.client().collection.update.mutate({ id: id!, quantity: 99 }), 'UNAUTHORIZED');
    expect((await owner.client.collection.get.query({ id: id! })).quantity).toBe(2);
  });
});

describe('collection.delete', () => {
  it('deletes the item with its history and painting log', async () => {
    const [id] = await createCollection(owner, 1);
    await owner.client.collection.sessions.add.mutate({ userModelId: id!, minutes: 30 });
    expect(await owner.client.collection.delete.mutate({ id: id! })).toEqual({ id });
    expect(await app.database.db.userModel.count({ where: { id: id! } })).toBe(0);
    expect(await app.database.db.paintingStatusHistory.count({ where: { userModelId: id! } })).toBe(0);
    expect(await app.database.db.paintingSession.count({ where: { userModelId: id! } })).toBe(0);
    await expectTrpcError(owner.client.collection.get.query({ id: id! }), 'NOT_FOUND');
  });

  it("refuses another user's delete and an anonymous one", async () => {
    const [id] = await createCollection(owner, 1);
    await expectTrpcError(other.client.collection.delete.mutate({ id: id! }), 'NOT_FOUND');
    await expectTrpcError(app.client().collection.delete.mutate({ id: id! }), 'UNAUTHORIZED');
    await expectTrpcError(owner.client.collection.delete.mutate({ id: 'x' }), 'BAD_REQUEST');
    expect(await app.database.db.userModel.count({ where: { id: id! } })).toBe(1);
  });
});

describe('collection.bulkEdit', () => {
  it('sets the stage, adds and removes tags and sets the location over a selection', async () => {
    const ids = await createCollection(owner, 4, (i) => ({
      tags: i % 2 === 0 ? ['keep', 'drop'] : ['keep'],
    }));
    const result = await owner.client.collection.bulkEdit.mutate({
      ids: [...ids, ids[0]!], // a repeated id counts once
      paintingStatus: 'primed',
      addTags: ['Batch 1'],
      removeTags: ['drop'],
      storageLocation: 'Tray 3',
    });
    expect(result).toEqual({ updated: 4 });
    const rows = await app.database.db.userModel.findMany({ where: { id: { in: ids } } });
    for (const row of rows) {
      expect(row).toMatchObject({ paintingStatus: 'primed', tags: ['keep', 'batch 1'], location: 'Tray 3' });
      expect(row.paintingStartDate).not.toBeNull();
    }
    // The trigger recorded one change per item.
    expect(
      await app.database.db.paintingStatusHistory.count({
        where: { userModelId: { in: ids }, fromStatus: 'unpainted', toStatus: 'primed' },
      }),
    ).toBe(4);
  });

  it("changes nothing at all when one id is not the viewer's", async () => {
    const mine = await createCollection(owner, 3);
    const [theirs] = await createCollection(other, 1);
    const error = await expectTrpcError(
      owner.client.collection.bulkEdit.mutate({
        ids: [...mine, theirs!],
        paintingStatus: 'finished',
        addTags: ['x'],
      }),
      'NOT_FOUND',
    );
    expect(error.message).toMatch(/1 of the selected items is not in your collection; nothing was changed/);
    const rows = await app.database.db.userModel.findMany({ where: { id: { in: [...mine, theirs!] } } });
    for (const row of rows) expect(row).toMatchObject({ paintingStatus: 'unpainted', tags: [] });
  });

  it('changes nothing when one item would end up with more than 20 tags', async () => {
    const full = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const [crowded, roomy] = await createCollection(owner, 2, (i) => ({ tags: i === 0 ? full : [] }));
    await expectTrpcError(
      owner.client.collection.bulkEdit.mutate({
        ids: [crowded!, roomy!],
        addTags: ['one more'],
        storageLocation: 'X',
      }),
      'BAD_REQUEST',
    );
    const rows = await app.database.db.userModel.findMany({ where: { id: { in: [crowded!, roomy!] } } });
    expect(rows.map((row) => row.tags.length).sort()).toEqual([0, 20]);
    expect(rows.every((row) => row.location === null)).toBe(true);
  });

  it('refuses bad input and an anonymous caller', async () => {
    const [id] = await createCollection(owner, 1);
    const tooMany = Array.from({ length: 501 }, () => crypto.randomUUID());
    for (const input of [
      { ids: [], paintingStatus: 'primed' },
      { ids: tooMany, paintingStatus: 'primed' },
      { ids: [id!] },
      { ids: [id!], addTags: ['same'], removeTags: ['same'] },
      { ids: ['nope'], paintingStatus: 'primed' },
    ]) {
      await expectTrpcError(owner.client.collection.bulkEdit.mutate(input as never), 'BAD_REQUEST');
    }
    await expectTrpcError(
      app.client().collection.bulkEdit.mutate({ ids: [id!], paintingStatus: 'primed' }),
      'UNAUTHORIZED',
    );
    expect((await owner.client.collection.get.query({ id: id! })).paintingStatus).toBe('unpainted');
  });
});

import type { RouterInputs } from '@plastic-crack/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import {
  createCatalogEntry,
  createCatalogue,
  createCollection,
  expectTrpcError,
  type TestCatalogue,
} from '../collection/test-helpers.ts';

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

const countArmies = (userId: string) => app.database.db.army.count({ where: { userId } });
const countEntries = (armyId: string) => app.database.db.armyModel.count({ where: { armyId } });
const anonymous = () => app.client();

async function createArmy(user: TestUser, extra: Partial<RouterInputs['armies']['create']> = {}) {
  return user.client.armies.create.mutate({
    name: 'Ultramarines 2nd Company',
    factionId: catalogue.factionId,
    pointsLimit: 500,
    ...extra,
  });
}

describe('armies.create', () => {
  it('creates a private army for a faction, taking its game system, with empty totals', async () => {
    const army = await createArmy(owner, { description: '  Strike force  ' });
    expect(army).toMatchObject({
      owner: { id: owner.id, username: owner.username },
      name: 'Ultramarines 2nd Company',
      description: 'Strike force',
      faction: { id: catalogue.factionId },
      gameSystem: { id: catalogue.gameSystemId },
      pointsLimit: 500,
      isPublic: false,
      isOwner: true,
      entries: [],
      entryCount: 0,
      modelCount: 0,
      ownedModels: 0,
      paintedModels: 0,
      paintedPercent: 0,
      pointsTotal: 0,
      pointsState: 'under',
    });
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const before = await countArmies(owner.id);
    const base = { name: 'Army', factionId: catalogue.factionId, pointsLimit: 1000 };
    const cases: unknown[] = [
      {},
      { ...base, name: '   ' },
      { ...base, name: 'x'.repeat(256) },
      { ...base, pointsLimit: 0 },
      { ...base, pointsLimit: 100_001 },
      { ...base, pointsLimit: 12.5 },
      { ...base, factionId: 'not-a-uuid' },
      { ...base, description: 'x'.repeat(5_001) },
      { ...base, extra: true },
    ];
    for (const input of cases) {
      await expectTrpcError(
        owner.client.armies.create.mutate(input as RouterInputs['armies']['create']),
        'BAD_REQUEST',
      );
    }
    // Unknown faction, and a faction from another game system, are typed errors from the service.
    await expectTrpcError(
      owner.client.armies.create.mutate({ ...base, factionId: '00000000-0000-4000-8000-000000000000' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      owner.client.armies.create.mutate({ ...base, gameSystemId: catalogue.otherGameSystemId }),
      'BAD_REQUEST',
    );
    expect(await countArmies(owner.id)).toBe(before);
  });

  it('accepts the bounds of the points limit', async () => {
    expect((await createArmy(owner, { pointsLimit: 1 })).pointsLimit).toBe(1);
    expect((await createArmy(owner, { pointsLimit: 100_000 })).pointsLimit).toBe(100_000);
  });

  it('needs a signed-in caller', async () => {
    await expectTrpcError(
      anonymous().armies.create.mutate({ name: 'A', factionId: catalogue.factionId, pointsLimit: 10 }),
      'UNAUTHORIZED',
    );
  });
});

describe('army entries and totals', () => {
  it('adds my items, totals points against the limit (under / at / over) and painted models', async () => {
    const entry = await createCatalogEntry(app.database.db, {
      name: 'Intercessor Squad',
      factionId: catalogue.factionId,
      pointsValue: 20,
    });
    // Catalogue points (20 each), own points override (100), and an item without points.
    const intercessors = (await owner.client.collection.add.mutate({ modelId: entry.id, quantity: 10 })).id;
    const [captain] = await createCollection(owner, 1, {
      pointsValue: 100,
      paintingStatus: 'finished',
    });
    const [scenery] = await createCollection(owner, 1, { paintingStatus: 'showcase_ready', quantity: 2 });
    const army = await createArmy(owner, { pointsLimit: 300 });

    let detail = await owner.client.armies.addEntry.mutate({
      armyId: army.id,
      userModelId: intercessors,
      quantity: 5,
      notes: 'Squad Ardo',
    });
    expect(detail).toMatchObject({ pointsTotal: 100, pointsState: 'under', modelCount: 5 });
    expect(detail.entries).toMatchObject([
      { userModelId: intercessors, name: 'Intercessor Squad', pointsValue: 20, quantity: 5, points: 100 },
    ]);

    detail = await owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: captain! });
    expect(detail).toMatchObject({ entryCount: 2, pointsTotal: 200, paintedModels: 1 });
    detail = await owner.client.armies.addEntry.mutate({
      armyId: army.id,
      userModelId: scenery!,
      quantity: 2,
    });
    expect(detail).toMatchObject({
      entryCount: 3,
      modelCount: 8,
      ownedModels: 8,
      // captain (1, finished) + scenery (2, showcase_ready)
      paintedModels: 3,
      paintedPercent: 37,
      pointsTotal: 200,
      pointsState: 'under',
      unpointedEntries: 1,
    });

    const squadEntry = detail.entries.find((e) => e.userModelId === intercessors)!;
    detail = await owner.client.armies.updateEntry.mutate({ entryId: squadEntry.id, quantity: 10 });
    expect(detail).toMatchObject({ pointsTotal: 300, pointsState: 'at' });

    detail = await owner.client.armies.update.mutate({ id: army.id, pointsLimit: 299 });
    expect(detail).toMatchObject({ pointsTotal: 300, pointsLimit: 299, pointsState: 'over' });

    detail = await owner.client.armies.updateEntry.mutate({ entryId: squadEntry.id, notes: '' });
    expect(detail.entries.find((e) => e.id === squadEntry.id)).toMatchObject({ notes: null, quantity: 10 });

    // Painting an item in the collection shows in the army.
    await owner.client.collection.setStage.mutate({ id: intercessors, paintingStatus: 'showcase_ready' });
    detail = await owner.client.armies.get.query({ id: army.id });
    expect(detail).toMatchObject({ modelCount: 13, paintedModels: 13, paintedPercent: 100 });

    // Owning fewer later keeps the entry but counts only what is still owned.
    await owner.client.collection.update.mutate({ id: intercessors, quantity: 4 });
    detail = await owner.client.armies.get.query({ id: army.id });
    expect(detail).toMatchObject({ modelCount: 13, ownedModels: 7 });
    expect(detail.entries.find((e) => e.id === squadEntry.id)).toMatchObject({ ownedQuantity: 4 });

    detail = await owner.client.armies.removeEntry.mutate({ entryId: squadEntry.id });
    expect(detail).toMatchObject({ entryCount: 2, pointsTotal: 100 });
    // The collection item stays.
    expect(await app.database.db.userModel.count({ where: { id: intercessors } })).toBe(1);
  });

  it('refuses more models than owned, a duplicate entry, and bad quantities; nothing is written', async () => {
    const [item] = await createCollection(owner, 1, { quantity: 3 });
    const army = await createArmy(owner);
    const tooMany = await expectTrpcError(
      owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: item!, quantity: 4 }),
      'BAD_REQUEST',
    );
    expect(tooMany.message).toMatch(/own 3/);
    for (const quantity of [0, -1, 1.5, 10_001]) {
      await expectTrpcError(
        owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: item!, quantity }),
        'BAD_REQUEST',
      );
    }
    await expectTrpcError(
      owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: item!, notes: 'x'.repeat(2_001) }),
      'BAD_REQUEST',
    );
    expect(await countEntries(army.id)).toBe(0);

    const detail = await owner.client.armies.addEntry.mutate({
      armyId: army.id,
      userModelId: item!,
      quantity: 3,
    });
    await expectTrpcError(
      owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: item! }),
      'CONFLICT',
    );
    const entryId = detail.entries[0]!.id;
    await expectTrpcError(owner.client.armies.updateEntry.mutate({ entryId, quantity: 4 }), 'BAD_REQUEST');
    await expectTrpcError(owner.client.armies.updateEntry.mutate({ entryId }), 'BAD_REQUEST');
    await expectTrpcError(owner.client.armies.updateEntry.mutate({ entryId, quantity: 0 }), 'BAD_REQUEST');
    const row = await app.database.db.armyModel.findUniqueOrThrow({ where: { id: entryId } });
    expect(row.quantity).toBe(3);
    expect(await countEntries(army.id)).toBe(1);
  });

  it('only takes my own collection items, and only into my own army', async () => {
    const [mine] = await createCollection(owner, 1);
    const [theirs] = await createCollection(other, 1);
    const myArmy = await createArmy(owner);
    const theirArmy = await createArmy(other);
    await expectTrpcError(
      owner.client.armies.addEntry.mutate({ armyId: myArmy.id, userModelId: theirs! }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      other.client.armies.addEntry.mutate({ armyId: myArmy.id, userModelId: theirs! }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      owner.client.armies.addEntry.mutate({ armyId: theirArmy.id, userModelId: mine! }),
      'NOT_FOUND',
    );
    expect(await countEntries(myArmy.id)).toBe(0);
    expect(await countEntries(theirArmy.id)).toBe(0);

    const detail = await owner.client.armies.addEntry.mutate({ armyId: myArmy.id, userModelId: mine! });
    const entryId = detail.entries[0]!.id;
    await expectTrpcError(other.client.armies.updateEntry.mutate({ entryId, quantity: 1 }), 'NOT_FOUND');
    await expectTrpcError(other.client.armies.removeEntry.mutate({ entryId }), 'NOT_FOUND');
    await expectTrpcError(anonymous().armies.removeEntry.mutate({ entryId }), 'UNAUTHORIZED');
    await expectTrpcError(
      anonymous().armies.addEntry.mutate({ armyId: myArmy.id, userModelId: mine! }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(anonymous().armies.updateEntry.mutate({ entryId, notes: 'x' }), 'UNAUTHORIZED');
    expect(await countEntries(myArmy.id)).toBe(1);
    await expectTrpcError(
      owner.client.armies.removeEntry.mutate({ entryId: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
    );
    await expectTrpcError(owner.client.armies.removeEntry.mutate({ entryId: 'nope' }), 'BAD_REQUEST');
  });
});

describe('armies.get and armies.list', () => {
  it('shows a private army to its owner only; a public one to others the visibility rule allows', async () => {
    const army = await createArmy(owner, { name: 'Secret list' });
    await expectTrpcError(other.client.armies.get.query({ id: army.id }), 'NOT_FOUND');
    await expectTrpcError(anonymous().armies.get.query({ id: army.id }), 'NOT_FOUND');

    await owner.client.armies.update.mutate({ id: army.id, isPublic: true });
    const seen = await other.client.armies.get.query({ id: army.id });
    expect(seen).toMatchObject({ id: army.id, isOwner: false, name: 'Secret list' });
    expect((await anonymous().armies.get.query({ id: army.id })).id).toBe(army.id);

    // A private profile hides even public armies from others.
    await app.database.db.user.update({ where: { id: owner.id }, data: { privacySetting: 'private' } });
    try {
      await expectTrpcError(other.client.armies.get.query({ id: army.id }), 'NOT_FOUND');
      await expectTrpcError(other.client.armies.list.query({ ownerUsername: owner.username }), 'NOT_FOUND');
      expect((await owner.client.armies.get.query({ id: army.id })).isOwner).toBe(true);
    } finally {
      await app.database.db.user.update({ where: { id: owner.id }, data: { privacySetting: 'public' } });
    }
    await expectTrpcError(owner.client.armies.get.query({ id: 'x' }), 'BAD_REQUEST');
  });

  it('lists my armies newest first by cursor, and only the public ones of another user', async () => {
    const lister = await createUser(app);
    const made: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const army = await createArmy(lister, { name: `Army ${index}`, isPublic: index % 2 === 0 });
      made.push(army.id);
    }
    const [item] = await createCollection(lister, 1, { pointsValue: 50, quantity: 2 });
    await lister.client.armies.addEntry.mutate({ armyId: made[4]!, userModelId: item!, quantity: 2 });

    const first = await lister.client.armies.list.query({ limit: 2 });
    expect(first.items.map((a) => a.id)).toEqual([made[4], made[3]]);
    expect(first.items[0]).toMatchObject({ pointsTotal: 100, modelCount: 2, entryCount: 1 });
    const second = await lister.client.armies.list.query({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((a) => a.id)).toEqual([made[2], made[1]]);
    const third = await lister.client.armies.list.query({ limit: 2, cursor: second.nextCursor });
    expect(third.items.map((a) => a.id)).toEqual([made[0]]);
    expect(third.nextCursor).toBeNull();

    const publicOnes = await other.client.armies.list.query({ ownerUsername: lister.username });
    expect(publicOnes.items.map((a) => a.id)).toEqual([made[4], made[2], made[0]]);
    const anon = await anonymous().armies.list.query({ ownerUsername: lister.username });
    expect(anon.items.map((a) => a.id)).toEqual([made[4], made[2], made[0]]);

    await expectTrpcError(anonymous().armies.list.query({}), 'UNAUTHORIZED');
    await expectTrpcError(other.client.armies.list.query({ ownerUsername: 'nobody_here_x' }), 'NOT_FOUND');
    await expectTrpcError(lister.client.armies.list.query({ limit: 101 }), 'BAD_REQUEST');
    await expectTrpcError(lister.client.armies.list.query({ cursor: 'garbage' }), 'BAD_REQUEST');
  });

  it('hides armies from a user the owner has blocked', async () => {
    const blocker = await createUser(app);
    const army = await createArmy(blocker, { isPublic: true });
    await app.database.db.userRelationship.create({
      data: { followerId: blocker.id, followingId: other.id, relationshipType: 'blocked' },
    });
    await expectTrpcError(other.client.armies.get.query({ id: army.id }), 'NOT_FOUND');
    await expectTrpcError(other.client.armies.list.query({ ownerUsername: blocker.username }), 'NOT_FOUND');
    expect((await anonymous().armies.get.query({ id: army.id })).id).toBe(army.id);
  });
});

describe('armies.update, duplicate and delete', () => {
  it('updates only my army; bad input and other users change nothing', async () => {
    const army = await createArmy(owner, { description: 'Old' });
    const updated = await owner.client.armies.update.mutate({
      id: army.id,
      name: 'Renamed',
      description: null,
      isPublic: true,
    });
    expect(updated).toMatchObject({ name: 'Renamed', description: null, isPublic: true });
    await expectTrpcError(owner.client.armies.update.mutate({ id: army.id }), 'BAD_REQUEST');
    await expectTrpcError(owner.client.armies.update.mutate({ id: army.id, pointsLimit: 0 }), 'BAD_REQUEST');
    await expectTrpcError(owner.client.armies.update.mutate({ id: army.id, name: '' }), 'BAD_REQUEST');
    await expectTrpcError(other.client.armies.update.mutate({ id: army.id, name: 'Mine now' }), 'NOT_FOUND');
    await expectTrpcError(
      anonymous().armies.update.mutate({ id: army.id, name: 'Mine now' }),
      'UNAUTHORIZED',
    );
    const row = await app.database.db.army.findUniqueOrThrow({ where: { id: army.id } });
    expect(row).toMatchObject({ name: 'Renamed', pointsLimit: 500, isPublic: true });
  });

  it('duplicates my army as a private copy with its entries', async () => {
    const [a, b] = await createCollection(owner, 2, { pointsValue: 10, quantity: 3 });
    const army = await createArmy(owner, { name: 'x'.repeat(255), isPublic: true, pointsLimit: 40 });
    await owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: a!, quantity: 3 });
    await owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: b!, quantity: 2, notes: 'n' });

    const copy = await owner.client.armies.duplicate.mutate({ id: army.id });
    expect(copy.id).not.toBe(army.id);
    expect(copy.name).toBe(`${'x'.repeat(248)} (copy)`);
    expect(copy).toMatchObject({ isPublic: false, pointsLimit: 40, pointsTotal: 50, pointsState: 'over' });
    expect(copy.entries.map((e) => [e.userModelId, e.quantity, e.notes]).sort()).toEqual(
      [
        [a, 3, null],
        [b, 2, 'n'],
      ].sort(),
    );
    // The original is untouched.
    expect(await countEntries(army.id)).toBe(2);

    const before = await countArmies(other.id);
    await expectTrpcError(other.client.armies.duplicate.mutate({ id: army.id }), 'NOT_FOUND');
    await expectTrpcError(anonymous().armies.duplicate.mutate({ id: army.id }), 'UNAUTHORIZED');
    await expectTrpcError(owner.client.armies.duplicate.mutate({ id: 'x' }), 'BAD_REQUEST');
    expect(await countArmies(other.id)).toBe(before);
  });

  it('deletes my army and its entries, keeping the collection items; nobody else can', async () => {
    const [item] = await createCollection(owner, 1);
    const army = await createArmy(owner, { isPublic: true });
    await owner.client.armies.addEntry.mutate({ armyId: army.id, userModelId: item! });
    await expectTrpcError(other.client.armies.delete.mutate({ id: army.id }), 'NOT_FOUND');
    await expectTrpcError(anonymous().armies.delete.mutate({ id: army.id }), 'UNAUTHORIZED');
    await expectTrpcError(owner.client.armies.delete.mutate({ id: 'x' }), 'BAD_REQUEST');
    expect(await countEntries(army.id)).toBe(1);

    expect(await owner.client.armies.delete.mutate({ id: army.id })).toEqual({ id: army.id });
    expect(await app.database.db.army.count({ where: { id: army.id } })).toBe(0);
    expect(await countEntries(army.id)).toBe(0);
    expect(await app.database.db.userModel.count({ where: { id: item! } })).toBe(1);
    await expectTrpcError(owner.client.armies.get.query({ id: army.id }), 'NOT_FOUND');
  });
});

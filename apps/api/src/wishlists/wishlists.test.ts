import type { RouterInputs } from '@plastic-crack/api-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import {
  createCatalogEntry,
  createCatalogue,
  daysFromToday,
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

const anonymous = () => app.client();
const countLists = (userId: string) => app.database.db.wishlist.count({ where: { userId } });
const countItems = (wishlistId: string) => app.database.db.wishlistItem.count({ where: { wishlistId } });
const countCollection = (userId: string) => app.database.db.userModel.count({ where: { userId } });
const defaults = async (userId: string) =>
  (await app.database.db.wishlist.findMany({ where: { userId, isDefault: true }, select: { id: true } })).map(
    (row) => row.id,
  );

const createList = (user: TestUser, extra: Partial<RouterInputs['wishlists']['create']> = {}) =>
  user.client.wishlists.create.mutate({ name: 'Next purchases', ...extra });

describe('wishlists: lists and the default', () => {
  it('makes the first list the default, flips the default atomically, and promotes on delete', async () => {
    const user = await createUser(app);
    const first = await createList(user, { name: 'Main', description: '  For Christmas ' });
    expect(first).toMatchObject({
      name: 'Main',
      description: 'For Christmas',
      isDefault: true,
      isPublic: false,
      shareToken: null,
      itemCount: 0,
      items: [],
      isOwner: true,
    });
    const second = await createList(user, { name: 'Terrain' });
    const third = await createList(user, { name: 'Paints' });
    expect(second.isDefault).toBe(false);
    expect(await defaults(user.id)).toEqual([first.id]);

    expect((await user.client.wishlists.setDefault.mutate({ id: third.id })).isDefault).toBe(true);
    expect(await defaults(user.id)).toEqual([third.id]);
    // Setting the default again changes nothing.
    await user.client.wishlists.setDefault.mutate({ id: third.id });
    expect(await defaults(user.id)).toEqual([third.id]);

    const listed = await user.client.wishlists.list.query();
    expect(listed.map((list) => list.id)).toEqual([third.id, first.id, second.id]);

    // Deleting the default promotes the oldest remaining list.
    expect(await user.client.wishlists.delete.mutate({ id: third.id })).toEqual({
      id: third.id,
      newDefaultId: first.id,
    });
    expect(await defaults(user.id)).toEqual([first.id]);
    // Deleting another list leaves the default alone.
    expect(await user.client.wishlists.delete.mutate({ id: second.id })).toEqual({
      id: second.id,
      newDefaultId: null,
    });
    expect(await defaults(user.id)).toEqual([first.id]);
    // The last list can go; the next one created is the default again.
    await user.client.wishlists.delete.mutate({ id: first.id });
    expect(await countLists(user.id)).toBe(0);
    expect((await createList(user)).isDefault).toBe(true);
  });

  it('keeps exactly one default when lists are created at the same time', async () => {
    const user = await createUser(app);
    await Promise.all(Array.from({ length: 5 }, (_, index) => createList(user, { name: `List ${index}` })));
    expect(await countLists(user.id)).toBe(5);
    expect(await defaults(user.id)).toHaveLength(1);
  });

  it('refuses bad input with a typed error and writes nothing', async () => {
    const user = await createUser(app);
    const list = await createList(user);
    const cases: unknown[] = [
      {},
      { name: '  ' },
      { name: 'x'.repeat(256) },
      { name: 'ok', description: 'x'.repeat(2_001) },
      { name: 'ok', isDefault: true },
    ];
    for (const input of cases) {
      await expectTrpcError(
        user.client.wishlists.create.mutate(input as RouterInputs['wishlists']['create']),
        'BAD_REQUEST',
      );
    }
    await expectTrpcError(user.client.wishlists.update.mutate({ id: list.id }), 'BAD_REQUEST');
    await expectTrpcError(user.client.wishlists.update.mutate({ id: list.id, name: '' }), 'BAD_REQUEST');
    await expectTrpcError(user.client.wishlists.setDefault.mutate({ id: 'nope' }), 'BAD_REQUEST');
    await expectTrpcError(user.client.wishlists.delete.mutate({ id: 'nope' }), 'BAD_REQUEST');
    expect(await countLists(user.id)).toBe(1);
    expect((await app.database.db.wishlist.findUniqueOrThrow({ where: { id: list.id } })).name).toBe(
      'Next purchases',
    );
  });

  it('holds a user to 50 lists and a list to 500 items', async () => {
    const user = await createUser(app);
    const list = await createList(user);
    await app.database.db.wishlist.createMany({
      data: Array.from({ length: 49 }, (_, index) => ({ userId: user.id, name: `Filler ${index}` })),
    });
    await expectTrpcError(createList(user), 'BAD_REQUEST');
    expect(await countLists(user.id)).toBe(50);

    await app.database.db.wishlistItem.createMany({
      data: Array.from({ length: 500 }, (_, index) => ({ wishlistId: list.id, name: `Item ${index}` })),
    });
    await expectTrpcError(
      user.client.wishlists.addItem.mutate({ wishlistId: list.id, name: 'One too many' }),
      'BAD_REQUEST',
    );
    expect(await countItems(list.id)).toBe(500);
  });

  it('updates only my lists; other users and anonymous callers change nothing', async () => {
    const list = await createList(owner, { name: 'Mine', description: 'x' });
    const updated = await owner.client.wishlists.update.mutate({
      id: list.id,
      name: 'Renamed',
      description: null,
      isPublic: true,
    });
    expect(updated).toMatchObject({ name: 'Renamed', description: null, isPublic: true });
    await expectTrpcError(other.client.wishlists.update.mutate({ id: list.id, name: 'Taken' }), 'NOT_FOUND');
    await expectTrpcError(other.client.wishlists.setDefault.mutate({ id: list.id }), 'NOT_FOUND');
    await expectTrpcError(other.client.wishlists.delete.mutate({ id: list.id }), 'NOT_FOUND');
    await expectTrpcError(other.client.wishlists.share.mutate({ id: list.id }), 'NOT_FOUND');
    await expectTrpcError(
      anonymous().wishlists.update.mutate({ id: list.id, name: 'Taken' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(anonymous().wishlists.create.mutate({ name: 'x' }), 'UNAUTHORIZED');
    await expectTrpcError(anonymous().wishlists.setDefault.mutate({ id: list.id }), 'UNAUTHORIZED');
    await expectTrpcError(anonymous().wishlists.delete.mutate({ id: list.id }), 'UNAUTHORIZED');
    const row = await app.database.db.wishlist.findUniqueOrThrow({ where: { id: list.id } });
    expect(row).toMatchObject({ name: 'Renamed', userId: owner.id, shareToken: null });
  });
});

describe('wishlists: reading', () => {
  it('hides private lists from others (NOT_FOUND) and shows public ones by the visibility rule', async () => {
    const user = await createUser(app);
    const secret = await createList(user, { name: 'Secret' });
    const open = await createList(user, { name: 'Open', isPublic: true });
    await expectTrpcError(other.client.wishlists.get.query({ id: secret.id }), 'NOT_FOUND');
    await expectTrpcError(anonymous().wishlists.get.query({ id: secret.id }), 'NOT_FOUND');
    expect(await other.client.wishlists.get.query({ id: open.id })).toMatchObject({
      id: open.id,
      isOwner: false,
      shareToken: null,
    });
    expect((await anonymous().wishlists.get.query({ id: open.id })).id).toBe(open.id);
    expect(
      (await other.client.wishlists.list.query({ ownerUsername: user.username })).map((l) => l.id),
    ).toEqual([open.id]);
    expect((await user.client.wishlists.list.query({})).map((l) => l.id)).toEqual([secret.id, open.id]);

    // A friends-only profile hides even public lists from strangers.
    await app.database.db.user.update({ where: { id: user.id }, data: { privacySetting: 'friends' } });
    await expectTrpcError(other.client.wishlists.get.query({ id: open.id }), 'NOT_FOUND');
    await expectTrpcError(other.client.wishlists.list.query({ ownerUsername: user.username }), 'NOT_FOUND');
    await expectTrpcError(anonymous().wishlists.list.query({ ownerUsername: user.username }), 'NOT_FOUND');
    await expectTrpcError(anonymous().wishlists.list.query({}), 'UNAUTHORIZED');
    await expectTrpcError(other.client.wishlists.get.query({ id: 'nope' }), 'BAD_REQUEST');
  });

  it('lists items by priority (urgent first), then oldest added first; bought ones last', async () => {
    const list = await createList(owner);
    const add = (name: string, priority: 'low' | 'medium' | 'high' | 'urgent') =>
      owner.client.wishlists.addItem.mutate({ wishlistId: list.id, name, priority });
    const low = await add('Low', 'low');
    const high1 = await add('High 1', 'high');
    const urgent = await add('Urgent', 'urgent');
    const high2 = await add('High 2', 'high');
    const medium = await add('Medium', 'medium');
    let detail = await owner.client.wishlists.get.query({ id: list.id });
    expect(detail.items.map((item) => item.id)).toEqual([urgent.id, high1.id, high2.id, medium.id, low.id]);
    expect(detail.itemCount).toBe(5);

    await owner.client.wishlists.markBought.mutate({ itemId: urgent.id, quantity: 1 });
    detail = await owner.client.wishlists.get.query({ id: list.id });
    expect(detail.items.map((item) => item.id)).toEqual([high1.id, high2.id, medium.id, low.id, urgent.id]);
  });
});

describe('wishlists: items', () => {
  it('adds catalogue and free-text items with every detail', async () => {
    const list = await createList(owner);
    const entry = await createCatalogEntry(app.database.db, {
      name: 'Redemptor Dreadnought',
      factionId: catalogue.factionId,
      gameSystemId: catalogue.gameSystemId,
    });
    const linked = await owner.client.wishlists.addItem.mutate({ wishlistId: list.id, modelId: entry.id });
    expect(linked).toMatchObject({
      modelId: entry.id,
      name: 'Redemptor Dreadnought',
      catalogName: 'Redemptor Dreadnought',
      faction: { id: catalogue.factionId },
      gameSystem: { id: catalogue.gameSystemId },
      quantity: 1,
      priority: 'medium',
      estimatedPrice: null,
      currency: 'USD',
      purchasedAt: null,
    });
    const free = await owner.client.wishlists.addItem.mutate({
      wishlistId: list.id,
      name: '  Forge World Titan ',
      factionId: catalogue.otherFactionId,
      quantity: 2,
      priority: 'urgent',
      estimatedPrice: 1234.5,
      currency: 'gbp',
      productUrl: 'https://www.forgeworld.co.uk/titan',
      notes: 'Save up\nfirst',
    });
    expect(free).toMatchObject({
      modelId: null,
      name: 'Forge World Titan',
      catalogName: null,
      faction: { id: catalogue.otherFactionId },
      gameSystem: { id: catalogue.gameSystemId },
      quantity: 2,
      priority: 'urgent',
      estimatedPrice: 1234.5,
      currency: 'GBP',
      productUrl: 'https://www.forgeworld.co.uk/titan',
      notes: 'Save up\nfirst',
    });
    const updated = await owner.client.wishlists.updateItem.mutate({
      itemId: free.id,
      priority: 'low',
      estimatedPrice: null,
      productUrl: null,
      notes: '',
      quantity: 3,
    });
    expect(updated).toMatchObject({
      priority: 'low',
      estimatedPrice: null,
      productUrl: null,
      notes: null,
      quantity: 3,
    });
    expect(await owner.client.wishlists.removeItem.mutate({ itemId: linked.id })).toEqual({ id: linked.id });
    expect(await countItems(list.id)).toBe(1);
  });

  it('refuses bad items with a typed error and writes nothing', async () => {
    const list = await createList(owner);
    const base = { wishlistId: list.id, name: 'Thing' };
    const cases: unknown[] = [
      { wishlistId: list.id },
      { ...base, name: '' },
      { ...base, quantity: 0 },
      { ...base, quantity: 10_001 },
      { ...base, priority: 'someday' },
      { ...base, estimatedPrice: -1 },
      { ...base, estimatedPrice: 1.234 },
      { ...base, currency: 'EURO' },
      { ...base, productUrl: 'javascript:alert(1)' },
      { ...base, productUrl: 'ftp://example.com/file' },
      { ...base, productUrl: 'not a url' },
      { ...base, productUrl: `https://example.com/${'a'.repeat(490)}` },
      { ...base, notes: 'x'.repeat(2_001) },
      { ...base, wishlistId: 'nope' },
    ];
    for (const input of cases) {
      await expectTrpcError(
        owner.client.wishlists.addItem.mutate(input as RouterInputs['wishlists']['addItem']),
        'BAD_REQUEST',
      );
    }
    // Service-side checks: unknown catalogue entry, faction from another game system.
    await expectTrpcError(
      owner.client.wishlists.addItem.mutate({ ...base, modelId: '00000000-0000-4000-8000-000000000000' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      owner.client.wishlists.addItem.mutate({
        ...base,
        factionId: catalogue.factionId,
        gameSystemId: catalogue.otherGameSystemId,
      }),
      'BAD_REQUEST',
    );
    expect(await countItems(list.id)).toBe(0);

    const item = await owner.client.wishlists.addItem.mutate({ ...base, productUrl: 'http://example.com' });
    await expectTrpcError(owner.client.wishlists.updateItem.mutate({ itemId: item.id }), 'BAD_REQUEST');
    await expectTrpcError(
      owner.client.wishlists.updateItem.mutate({ itemId: item.id, productUrl: 'data:text/html,hi' }),
      'BAD_REQUEST',
    );
    const row = await app.database.db.wishlistItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.productUrl).toBe('http://example.com');
  });

  it('lets nobody else add to, change or remove from my list', async () => {
    const list = await createList(owner, { isPublic: true });
    const item = await owner.client.wishlists.addItem.mutate({ wishlistId: list.id, name: 'Mine' });
    await expectTrpcError(
      other.client.wishlists.addItem.mutate({ wishlistId: list.id, name: 'Spam' }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      other.client.wishlists.updateItem.mutate({ itemId: item.id, name: 'Changed' }),
      'NOT_FOUND',
    );
    await expectTrpcError(other.client.wishlists.removeItem.mutate({ itemId: item.id }), 'NOT_FOUND');
    await expectTrpcError(
      anonymous().wishlists.addItem.mutate({ wishlistId: list.id, name: 'Spam' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(anonymous().wishlists.removeItem.mutate({ itemId: item.id }), 'UNAUTHORIZED');
    await expectTrpcError(
      anonymous().wishlists.updateItem.mutate({ itemId: item.id, name: 'Changed' }),
      'UNAUTHORIZED',
    );
    expect(await countItems(list.id)).toBe(1);
    expect((await app.database.db.wishlistItem.findUniqueOrThrow({ where: { id: item.id } })).name).toBe(
      'Mine',
    );
  });
});

describe('wishlists: share links', () => {
  it('opens a private list to anyone with the link until unshared', async () => {
    const list = await createList(owner, { name: 'Birthday' });
    await owner.client.wishlists.addItem.mutate({ wishlistId: list.id, name: 'Paint set' });
    const shared = await owner.client.wishlists.share.mutate({ id: list.id });
    const token = shared.shareToken!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Sharing again keeps the same link; another list gets a different one.
    expect((await owner.client.wishlists.share.mutate({ id: list.id })).shareToken).toBe(token);
    const otherList = await createList(owner);
    expect((await owner.client.wishlists.share.mutate({ id: otherList.id })).shareToken).not.toBe(token);

    const seenAnonymously = await anonymous().wishlists.byShareToken.query({ token });
    expect(seenAnonymously).toMatchObject({
      id: list.id,
      name: 'Birthday',
      isOwner: false,
      shareToken: null,
    });
    expect(seenAnonymously.items.map((item) => item.name)).toEqual(['Paint set']);
    expect((await other.client.wishlists.byShareToken.query({ token })).id).toBe(list.id);
    // The list itself stays private.
    await expectTrpcError(other.client.wishlists.get.query({ id: list.id }), 'NOT_FOUND');

    await expectTrpcError(other.client.wishlists.unshare.mutate({ id: list.id }), 'NOT_FOUND');
    await expectTrpcError(anonymous().wishlists.unshare.mutate({ id: list.id }), 'UNAUTHORIZED');
    await expectTrpcError(anonymous().wishlists.share.mutate({ id: list.id }), 'UNAUTHORIZED');
    expect((await anonymous().wishlists.byShareToken.query({ token })).id).toBe(list.id);

    expect((await owner.client.wishlists.unshare.mutate({ id: list.id })).shareToken).toBeNull();
    await expectTrpcError(anonymous().wishlists.byShareToken.query({ token }), 'NOT_FOUND');
    const reshared = await owner.client.wishlists.share.mutate({ id: list.id });
    expect(reshared.shareToken).not.toBe(token);
  });

  it('refuses malformed and unknown tokens, and hides the list from a blocked user', async () => {
    await expectTrpcError(anonymous().wishlists.byShareToken.query({ token: 'short' }), 'BAD_REQUEST');
    await expectTrpcError(
      anonymous().wishlists.byShareToken.query({ token: 'has spaces and more than sixteen' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(anonymous().wishlists.byShareToken.query({ token: 'A'.repeat(32) }), 'NOT_FOUND');
    const sharer = await createUser(app);
    const list = await createList(sharer);
    const { shareToken } = await sharer.client.wishlists.share.mutate({ id: list.id });
    await app.database.db.userRelationship.create({
      data: { followerId: sharer.id, followingId: other.id, relationshipType: 'blocked' },
    });
    await expectTrpcError(other.client.wishlists.byShareToken.query({ token: shareToken! }), 'NOT_FOUND');
    expect((await anonymous().wishlists.byShareToken.query({ token: shareToken! })).id).toBe(list.id);
  });
});

describe('wishlists.markBought', () => {
  it('moves a catalogue item into the collection and marks it bought, in one go', async () => {
    const entry = await createCatalogEntry(app.database.db, {
      name: 'Gladiator Lancer',
      factionId: catalogue.factionId,
      gameSystemId: catalogue.gameSystemId,
      pointsValue: 160,
    });
    const list = await createList(owner);
    const item = await owner.client.wishlists.addItem.mutate({
      wishlistId: list.id,
      modelId: entry.id,
      currency: 'EUR',
    });
    const before = await countCollection(owner.id);
    const result = await owner.client.wishlists.markBought.mutate({
      itemId: item.id,
      quantity: 2,
      purchasePrice: 55.5,
      purchaseDate: daysFromToday(-1),
      purchaseLocation: 'Local store',
    });
    expect(result.item.purchasedAt).not.toBeNull();
    expect(result.collectionItem).toMatchObject({
      ownerId: owner.id,
      modelId: entry.id,
      name: 'Gladiator Lancer',
      customName: null,
      pointsValue: 160,
      quantity: 2,
      paintingStatus: 'unpainted',
      ownerDetails: {
        purchasePrice: 55.5,
        currency: 'EUR',
        purchaseDate: daysFromToday(-1),
        purchaseLocation: 'Local store',
      },
    });
    expect(await countCollection(owner.id)).toBe(before + 1);
    const row = await app.database.db.wishlistItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.purchasedAt).not.toBeNull();

    // Twice is a conflict, and adds nothing.
    await expectTrpcError(
      owner.client.wishlists.markBought.mutate({ itemId: item.id, quantity: 1 }),
      'CONFLICT',
    );
    expect(await countCollection(owner.id)).toBe(before + 1);
  });

  it('keeps the name I gave a catalogue item', async () => {
    const entry = await createCatalogEntry(app.database.db, { name: 'Land Raider', pointsValue: 240 });
    const list = await createList(owner);
    const item = await owner.client.wishlists.addItem.mutate({
      wishlistId: list.id,
      modelId: entry.id,
      name: 'Land Raider for the Crusade',
    });
    const { collectionItem } = await owner.client.wishlists.markBought.mutate({
      itemId: item.id,
      quantity: 1,
    });
    expect(collectionItem).toMatchObject({
      modelId: entry.id,
      name: 'Land Raider for the Crusade',
      catalogName: 'Land Raider',
      pointsValue: 240,
    });
  });

  it('moves a free-text item with its name, faction and game system', async () => {
    const list = await createList(owner);
    const item = await owner.client.wishlists.addItem.mutate({
      wishlistId: list.id,
      name: 'Third-party tank',
      factionId: catalogue.otherSystemFactionId,
    });
    const { collectionItem } = await owner.client.wishlists.markBought.mutate({
      itemId: item.id,
      quantity: 1,
    });
    expect(collectionItem).toMatchObject({
      modelId: null,
      name: 'Third-party tank',
      faction: { id: catalogue.otherSystemFactionId },
      gameSystem: { id: catalogue.otherGameSystemId },
      quantity: 1,
      ownerDetails: { purchasePrice: null, currency: 'USD' },
    });
  });

  it('writes nothing when the purchase is refused (bad input, a future date, another user, anonymous)', async () => {
    const list = await createList(owner);
    const item = await owner.client.wishlists.addItem.mutate({ wishlistId: list.id, name: 'Box' });
    const before = await countCollection(owner.id);
    const bad: unknown[] = [
      { itemId: item.id },
      { itemId: item.id, quantity: 0 },
      { itemId: item.id, quantity: 1, purchasePrice: -5 },
      { itemId: item.id, quantity: 1, purchaseDate: '2024-13-01' },
      { itemId: item.id, quantity: 1, currency: 'xx' },
      { itemId: 'nope', quantity: 1 },
    ];
    for (const input of bad) {
      await expectTrpcError(
        owner.client.wishlists.markBought.mutate(input as RouterInputs['wishlists']['markBought']),
        'BAD_REQUEST',
      );
    }
    // Refused by the database inside the collection service: the whole transaction rolls back.
    await expectTrpcError(
      owner.client.wishlists.markBought.mutate({
        itemId: item.id,
        quantity: 1,
        purchaseDate: daysFromToday(30),
      }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      other.client.wishlists.markBought.mutate({ itemId: item.id, quantity: 1 }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      anonymous().wishlists.markBought.mutate({ itemId: item.id, quantity: 1 }),
      'UNAUTHORIZED',
    );
    expect(await countCollection(owner.id)).toBe(before);
    expect(await countCollection(other.id)).toBe(0);
    const row = await app.database.db.wishlistItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.purchasedAt).toBeNull();
  });

  it('counts a double "bought it" click once', async () => {
    const list = await createList(owner);
    const item = await owner.client.wishlists.addItem.mutate({ wishlistId: list.id, name: 'Once' });
    const before = await countCollection(owner.id);
    const results = await Promise.allSettled([
      owner.client.wishlists.markBought.mutate({ itemId: item.id, quantity: 1 }),
      owner.client.wishlists.markBought.mutate({ itemId: item.id, quantity: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await countCollection(owner.id)).toBe(before + 1);
  });
});

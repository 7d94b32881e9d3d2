import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { daysFromToday, expectTrpcError } from './test-helpers.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
});
afterAll(() => app.close());

/** 'YYYY-MM' of the UTC month `offset` months from now. */
function month(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
}

describe('collection.stats', () => {
  let owner: TestUser;
  beforeAll(async () => {
    owner = await createUser(app);
    const add = owner.client.collection.add.mutate;
    await add({ name: 'Pile A', purchasePrice: 10, quantity: 3, currency: 'EUR' });
    await add({ name: 'Painted B', purchasePrice: 20.5, quantity: 2, paintingStatus: 'finished' });
    await add({ name: 'Gift C', paintingStatus: 'showcase_ready' });
    await add({ name: 'Primed D', purchasePrice: 5, paintingStatus: 'primed' });
    await add({ name: 'Hidden E', purchasePrice: 2, isPublic: false });
    // Tracked, not owned: not part of the figures.
    await app.database.db.userModel.create({
      data: { userId: owner.id, name: 'Wished for', purchasePrice: '1000', isWishlist: true },
    });
  });

  it('totals items, painted share, money spent (price × quantity) and the unpainted pile', async () => {
    const stats = await owner.client.collection.stats.query();
    expect(stats).toMatchObject({
      items: 5,
      quantity: 8,
      paintedItems: 2,
      paintedShare: 0.4,
      spent: 78, // 10×3 + 20.5×2 + 5 + 2; private items are the owner's too
      unpainted: { items: 2, value: 32 },
      currencies: ['EUR', 'USD'],
    });
    expect(stats.paintedShareByMonth).toHaveLength(12);
    expect(stats.paintedShareByMonth.at(-1)).toEqual({
      month: month(0),
      items: 5,
      paintedItems: 2,
      paintedShare: 0.4,
    });
  });

  it("counts only the viewer's own collection", async () => {
    const newcomer = await createUser(app);
    expect(await newcomer.client.collection.stats.query()).toMatchObject({
      items: 0,
      paintedShare: 0,
      spent: 0,
      unpainted: { items: 0, value: 0 },
      currencies: [],
    });
  });

  it('refuses bad input and an anonymous caller', async () => {
    await expectTrpcError(owner.client.collection.stats.query({ months: 0 }), 'BAD_REQUEST');
    await expectTrpcError(owner.client.collection.stats.query({ months: 25 }), 'BAD_REQUEST');
    await expectTrpcError(owner.client.collection.stats.query({ months: 2.5 }), 'BAD_REQUEST');
    await expectTrpcError(app.client().collection.stats.query(), 'UNAUTHORIZED');
  });
});

describe('collection.stats series', () => {
  it('replays the stage history into the painted share at the end of each month', async () => {
    const user = await createUser(app);
    const add = user.client.collection.add.mutate;
    const x = await add({ name: 'X' });
    await user.client.collection.setStage.mutate({ id: x.id, paintingStatus: 'finished' });
    const y = await add({ name: 'Y' });
    await user.client.collection.setStage.mutate({ id: y.id, paintingStatus: 'finished' });
    await user.client.collection.setStage.mutate({ id: y.id, paintingStatus: 'detailed' });
    await add({ name: 'Z' });

    // Move the recorded changes into earlier months (UTC): X added 5 months ago and finished 2 months
    // ago; Y added and finished last month, taken back to `detailed` this month; Z added this month.
    const at = (monthsAgo: number) =>
      `date_trunc('month', now() AT TIME ZONE 'UTC') - interval '${monthsAgo} months' + interval '3 days'`;
    const move = (id: string, toStatus: string, sql: string) =>
      app.database.db.$executeRawUnsafe(
        `UPDATE painting_status_history SET changed_at = (${sql}) AT TIME ZONE 'UTC' WHERE user_model_id = $1::uuid AND to_status = $2::painting_status`,
        id,
        toStatus,
      );
    await move(x.id, 'unpainted', at(5));
    await move(x.id, 'finished', at(2));
    await move(y.id, 'unpainted', at(1));
    await move(y.id, 'finished', `${at(1)} + interval '1 day'`);

    const { paintedShareByMonth } = await user.client.collection.stats.query({ months: 3 });
    expect(paintedShareByMonth).toEqual([
      { month: month(-2), items: 1, paintedItems: 1, paintedShare: 1 },
      { month: month(-1), items: 2, paintedItems: 2, paintedShare: 1 },
      { month: month(0), items: 3, paintedItems: 1, paintedShare: 0.3333 },
    ]);
    const longer = await user.client.collection.stats.query({ months: 7 });
    expect(longer.paintedShareByMonth.map((point) => [point.items, point.paintedItems])).toEqual([
      [0, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 1],
      [2, 2],
      [3, 1],
    ]);
  });

  it('sums spending by purchase month over at most 24 months', async () => {
    const user = await createUser(app);
    const firstOfLastMonth = `${month(-1)}-01`;
    const add = user.client.collection.add.mutate;
    await add({ name: 'Last month', purchasePrice: 12.25, quantity: 4, purchaseDate: firstOfLastMonth });
    await add({ name: 'Today', purchasePrice: 30, purchaseDate: daysFromToday(0) });
    await add({ name: 'Long ago', purchasePrice: 99, purchaseDate: '2020-01-15' });
    await add({ name: 'Undated', purchasePrice: 7 });

    const { spendByMonth, spent } = await user.client.collection.stats.query({ months: 24 });
    expect(spendByMonth).toHaveLength(24);
    expect(spendByMonth[0]?.month).toBe(month(-23));
    expect(spendByMonth.at(-2)).toEqual({ month: month(-1), spent: 49, items: 1 });
    expect(spendByMonth.at(-1)).toEqual({ month: month(0), spent: 30, items: 1 });
    expect(spendByMonth.slice(0, -2).every((point) => point.spent === 0 && point.items === 0)).toBe(true);
    // The total still counts everything bought, dated or not.
    expect(spent).toBe(49 + 30 + 99 + 7);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { createCollection, daysFromToday, expectTrpcError } from './test-helpers.ts';

let app: TestApi;
let owner: TestUser;
let other: TestUser;
beforeAll(async () => {
  app = await startTestApi();
  [owner, other] = await Promise.all([createUser(app), createUser(app)]);
});
afterAll(() => app.close());

const today = () => daysFromToday(0);

describe('painting stages', () => {
  it('keeps the start and completion dates on the server as the stage moves back and forth', async () => {
    const [id] = await createCollection(owner, 1);
    const stage = async (
      paintingStatus: Parameters<typeof owner.client.collection.setStage.mutate>[0]['paintingStatus'],
    ) => owner.client.collection.setStage.mutate({ id: id!, paintingStatus });

    expect(await stage('primed')).toMatchObject({ paintingStartDate: today(), paintingCompletionDate: null });
    expect(await stage('finished')).toMatchObject({
      paintingStartDate: today(),
      paintingCompletionDate: today(),
    });

    // Finished → showcase-ready keeps the completion date (it was painted then).
    await app.database.db.userModel.update({
      where: { id: id! },
      data: { paintingStartDate: new Date('2024-01-02'), paintingCompletionDate: new Date('2024-03-04') },
    });
    expect(await stage('showcase_ready')).toMatchObject({
      paintingStartDate: '2024-01-02',
      paintingCompletionDate: '2024-03-04',
    });
    // Back below finished clears completion; the start date stays (painting began then).
    expect(await stage('detailed')).toMatchObject({
      paintingStartDate: '2024-01-02',
      paintingCompletionDate: null,
    });
    expect(await stage('unpainted')).toMatchObject({
      paintingStartDate: '2024-01-02',
      paintingCompletionDate: null,
    });
    // Finishing again records the new completion.
    expect(await stage('finished')).toMatchObject({
      paintingStartDate: '2024-01-02',
      paintingCompletionDate: today(),
    });

    const { changes } = await owner.client.collection.history.query({ userModelId: id!, limit: 50 });
    expect(changes.map((change) => [change.fromStatus, change.toStatus]).reverse()).toEqual([
      [null, 'unpainted'],
      ['unpainted', 'primed'],
      ['primed', 'finished'],
      ['finished', 'showcase_ready'],
      ['showcase_ready', 'detailed'],
      ['detailed', 'unpainted'],
      ['unpainted', 'finished'],
    ]);
  });

  it('setting the same stage again records nothing', async () => {
    const [id] = await createCollection(owner, 1, { paintingStatus: 'primed' });
    await owner.client.collection.setStage.mutate({ id: id!, paintingStatus: 'primed' });
    await owner.client.collection.update.mutate({ id: id!, paintingStatus: 'primed', quantity: 2 });
    expect(await app.database.db.paintingStatusHistory.count({ where: { userModelId: id! } })).toBe(1);
  });

  it('an item added as finished starts and completes today, and the update path keeps the same dates', async () => {
    const [id] = await createCollection(owner, 1, { paintingStatus: 'finished' });
    expect(await owner.client.collection.get.query({ id: id! })).toMatchObject({
      paintingStartDate: today(),
      paintingCompletionDate: today(),
    });
    const back = await owner.client.collection.update.mutate({ id: id!, paintingStatus: 'shaded' });
    expect(back).toMatchObject({ paintingStartDate: today(), paintingCompletionDate: null });
  });

  it("refuses a bad stage, an anonymous caller and another user's change", async () => {
    const [id] = await createCollection(owner, 1);
    await expectTrpcError(
      owner.client.collection.setStage.mutate({ id: id!, paintingStatus: 'display_ready' as never }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      app.client().collection.setStage.mutate({ id: id!, paintingStatus: 'primed' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(
      other.client.collection.setStage.mutate({ id: id!, paintingStatus: 'primed' }),
      'NOT_FOUND',
    );
    expect((await owner.client.collection.get.query({ id: id! })).paintingStatus).toBe('unpainted');
    expect(await app.database.db.paintingStatusHistory.count({ where: { userModelId: id! } })).toBe(1);
  });
});

describe('collection.history', () => {
  it('pages newest first without repeats, for whoever may read the item', async () => {
    const [id] = await createCollection(owner, 1);
    for (const paintingStatus of ['primed', 'basecoated', 'shaded', 'highlighted', 'detailed'] as const) {
      await owner.client.collection.setStage.mutate({ id: id!, paintingStatus });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof other.client.collection.history.query>> =
        await other.client.collection.history.query({ userModelId: id!, limit: 4, cursor });
      seen.push(...page.changes.map((change) => change.toStatus));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['detailed', 'highlighted', 'shaded', 'basecoated', 'primed', 'unpainted']);
  });

  it("hides a private item's history and refuses a forged cursor", async () => {
    const [id] = await createCollection(owner, 1, { isPublic: false });
    await expectTrpcError(other.client.collection.history.query({ userModelId: id! }), 'NOT_FOUND');
    await expectTrpcError(app.client().collection.history.query({ userModelId: id! }), 'NOT_FOUND');
    await expectTrpcError(
      owner.client.collection.history.query({ userModelId: id!, cursor: 'garbage!' }),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      owner.client.collection.history.query({ userModelId: id!, limit: 101 }),
      'BAD_REQUEST',
    );
  });
});

describe('painting sessions', () => {
  const total = async (id: string) =>
    (await app.database.db.userModel.findUniqueOrThrow({ where: { id } })).paintingTimeMinutes;

  it('logs, edits and deletes sessions, keeping the total equal to their sum', async () => {
    const [id] = await createCollection(owner, 1);
    const first = await owner.client.collection.sessions.add.mutate({
      userModelId: id!,
      minutes: 90,
      paintedOn: daysFromToday(-2),
      notes: 'Basecoat armour',
    });
    expect(first).toMatchObject({
      paintingTimeMinutes: 90,
      session: { minutes: 90, paintedOn: daysFromToday(-2), notes: 'Basecoat armour' },
    });
    const second = await owner.client.collection.sessions.add.mutate({ userModelId: id!, minutes: 45 });
    expect(second.session.paintedOn).toBe(today());
    expect(second.paintingTimeMinutes).toBe(135);

    const edited = await owner.client.collection.sessions.update.mutate({
      id: first.session.id,
      minutes: 60,
      notes: null,
    });
    expect(edited).toMatchObject({ paintingTimeMinutes: 105, session: { minutes: 60, notes: null } });
    expect(await owner.client.collection.sessions.delete.mutate({ id: second.session.id })).toEqual({
      id: second.session.id,
      paintingTimeMinutes: 60,
    });
    expect(await total(id!)).toBe(60);
    expect((await owner.client.collection.get.query({ id: id! })).paintingTimeMinutes).toBe(60);
  });

  it('keeps the total exact under concurrent logging', async () => {
    const [id] = await createCollection(owner, 1);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        owner.client.collection.sessions.add.mutate({ userModelId: id!, minutes: i + 1 }),
      ),
    );
    expect(await total(id!)).toBe(78);
    expect(await app.database.db.paintingSession.count({ where: { userModelId: id! } })).toBe(12);
  });

  it('refuses bad minutes and a future date, writing nothing', async () => {
    const [id] = await createCollection(owner, 1);
    for (const minutes of [0, 1441, 1.5, -10]) {
      await expectTrpcError(
        owner.client.collection.sessions.add.mutate({ userModelId: id!, minutes }),
        'BAD_REQUEST',
      );
    }
    const future = await expectTrpcError(
      owner.client.collection.sessions.add.mutate({
        userModelId: id!,
        minutes: 30,
        paintedOn: daysFromToday(3),
      }),
      'BAD_REQUEST',
    );
    expect(future.message).toBe('A painting session cannot be in the future');
    await expectTrpcError(
      owner.client.collection.sessions.add.mutate({ userModelId: id!, minutes: 30, notes: 'x'.repeat(2001) }),
      'BAD_REQUEST',
    );
    expect(await app.database.db.paintingSession.count({ where: { userModelId: id! } })).toBe(0);
    expect(await total(id!)).toBe(0);

    const { session } = await owner.client.collection.sessions.add.mutate({ userModelId: id!, minutes: 30 });
    await expectTrpcError(
      owner.client.collection.sessions.update.mutate({
        id: session.id,
        minutes: 100,
        paintedOn: daysFromToday(5),
      }),
      'BAD_REQUEST',
    );
    await expectTrpcError(owner.client.collection.sessions.update.mutate({ id: session.id }), 'BAD_REQUEST');
    expect(await total(id!)).toBe(30);
  });

  it("refuses another user's and an anonymous caller's writes", async () => {
    const [id] = await createCollection(owner, 1);
    const { session } = await owner.client.collection.sessions.add.mutate({ userModelId: id!, minutes: 30 });
    await expectTrpcError(
      other.client.collection.sessions.add.mutate({ userModelId: id!, minutes: 5 }),
      'NOT_FOUND',
    );
    await expectTrpcError(
      other.client.collection.sessions.update.mutate({ id: session.id, minutes: 5 }),
      'NOT_FOUND',
    );
    await expectTrpcError(other.client.collection.sessions.delete.mutate({ id: session.id }), 'NOT_FOUND');
    await expectTrpcError(
      app.client().collection.sessions.add.mutate({ userModelId: id!, minutes: 5 }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(app.client().collection.sessions.delete.mutate({ id: session.id }), 'UNAUTHORIZED');
    await expectTrpcError(
      app.client().collection.sessions.update.mutate({ id: session.id, minutes: 5 }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(owner.client.collection.sessions.delete.mutate({ id: 'nope' }), 'BAD_REQUEST');
    expect(await total(id!)).toBe(30);
    expect(await app.database.db.paintingSession.count({ where: { userModelId: id! } })).toBe(1);
  });

  it("lists newest first in pages; a private item's log is hidden from others", async () => {
    const [id] = await createCollection(owner, 1);
    for (const days of [-5, -1, -3, -1, -4]) {
      await owner.client.collection.sessions.add.mutate({
        userModelId: id!,
        minutes: 10,
        paintedOn: daysFromToday(days),
      });
    }
    const first = await other.client.collection.sessions.list.query({ userModelId: id!, limit: 3 });
    const second = await other.client.collection.sessions.list.query({
      userModelId: id!,
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(second.nextCursor).toBeNull();
    const days = [...first.sessions, ...second.sessions].map((session) => session.paintedOn);
    expect(days).toEqual([-1, -1, -3, -4, -5].map(daysFromToday));
    expect(new Set([...first.sessions, ...second.sessions].map((session) => session.id)).size).toBe(5);

    await owner.client.collection.update.mutate({ id: id!, isPublic: false });
    await expectTrpcError(other.client.collection.sessions.list.query({ userModelId: id! }), 'NOT_FOUND');
    await expectTrpcError(app.client().collection.sessions.list.query({ userModelId: id! }), 'NOT_FOUND');
    expect((await owner.client.collection.sessions.list.query({ userModelId: id! })).sessions).toHaveLength(
      5,
    );
  });
});

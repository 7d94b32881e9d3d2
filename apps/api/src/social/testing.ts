// Factories for the social and notification tests (imported by *.test.ts only).
import type { NotificationType, PrivacyLevel } from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import type { TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';

/** Users signed up through the API, their e-mail confirmed (commenting needs it). */
export async function verifiedUsers(app: TestApi, count: number): Promise<TestUser[]> {
  const users = await Promise.all(Array.from({ length: count }, () => createUser(app)));
  await app.database.db.user.updateMany({
    where: { id: { in: users.map((user) => user.id) } },
    data: { emailVerified: true },
  });
  return users;
}

export const setPrivacy = (db: Db, userId: string, privacySetting: PrivacyLevel) =>
  db.user.update({ where: { id: userId }, data: { privacySetting } });

/** A collection item written straight to the database (the collection API is another domain's). */
export async function createItem(
  db: Db,
  ownerId: string,
  options: { isPublic?: boolean; name?: string } = {},
): Promise<string> {
  const item = await db.userModel.create({
    data: {
      userId: ownerId,
      name: options.name ?? 'Intercessor Sergeant',
      isPublic: options.isPublic ?? true,
    },
    select: { id: true },
  });
  return item.id;
}

export async function createBattleReport(
  db: Db,
  ownerId: string,
  visibility: PrivacyLevel = 'public',
): Promise<string> {
  const report = await db.battleReport.create({
    data: {
      userId: ownerId,
      title: 'Siege of Vraks, turn 5 comeback',
      myArmy: { faction: 'Death Korps of Krieg' },
      opponentArmy: { faction: 'Chaos Space Marines' },
      visibility,
    },
    select: { id: true },
  });
  return report.id;
}

export const notificationsOf = (db: Db, userId: string, type?: NotificationType) =>
  db.notification.findMany({
    where: { userId, ...(type ? { type } : {}) },
    orderBy: { createdAt: 'asc' },
  });

export const BAD_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Runs the social paths once before the tests, inside beforeAll's longer timeout: the first sign-up,
 * the first transaction and the first compile of each query are slow on a busy machine, and that cost
 * belongs to no test.
 */
export async function warmUp(app: TestApi): Promise<void> {
  const [owner, fan] = await verifiedUsers(app, 2);
  const item = await createItem(app.database.db, owner!.id);
  await fan!.client.social.follow.mutate({ userId: owner!.id });
  await fan!.client.social.like.mutate({ userModelId: item });
  await fan!.client.social.addComment.mutate({ userModelId: item, content: 'warming up' });
  await owner!.client.social.comments.query({ userModelId: item });
  await owner!.client.social.likers.query({ userModelId: item });
  await owner!.client.social.followers.query({});
  await owner!.client.notifications.list.query({});
}

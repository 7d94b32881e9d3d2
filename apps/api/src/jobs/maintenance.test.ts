import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser } from '../../test/users.ts';
import { maintenanceJobs } from './maintenance.ts';

let app: TestApi;
beforeAll(async () => {
  app = await startTestApi();
});
afterAll(() => app.close());

const job = (name: string) => maintenanceJobs.find((candidate) => candidate.name === name)!;

describe('maintenance jobs', () => {
  it('keeps monthly partitions three months ahead', async () => {
    const ahead = new Date();
    ahead.setUTCMonth(ahead.getUTCMonth() + 3, 1);
    const name = `activities_${ahead.getUTCFullYear()}_${String(ahead.getUTCMonth() + 1).padStart(2, '0')}`;
    // The migration created it; remove it so the job has to create it again.
    await app.database.db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${name}"`);
    await job('ensure-partitions').run(app.services);
    const rows = await app.database.db.$queryRaw<
      { exists: boolean }[]
    >`SELECT to_regclass(${name}) IS NOT NULL AS exists`;
    expect(rows[0]!.exists).toBe(true);
  });

  it('refreshes faction_stats concurrently without error', async () => {
    await expect(job('refresh-faction-stats').run(app.services)).resolves.toBeDefined();
  });

  it('deletes expired sessions and keeps live ones', async () => {
    const expired = await createUser(app);
    const live = await createUser(app);
    await app.database.db.session.updateMany({
      where: { userId: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await job('delete-expired-sessions').run(app.services);
    expect(await app.database.db.session.count({ where: { userId: expired.id } })).toBe(0);
    expect(await app.database.db.session.count({ where: { userId: live.id } })).toBe(1);
  });
});

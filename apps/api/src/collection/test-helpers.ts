import { randomBytes } from 'node:crypto';
import { TRPCClientError } from '@trpc/client';
import type { AddItemInput } from '@plastic-crack/api-contract';
import type { Db } from '@plastic-crack/db';
import { expect } from 'vitest';
import type { AppRouter } from '../router.ts';
import type { TestUser } from '../../test/users.ts';

/** Test factories for the collection: catalogue rows straight into the database, items through the API. */

const suffix = () => randomBytes(4).toString('hex');

export interface TestCatalogue {
  gameSystemId: string;
  factionId: string;
  otherFactionId: string;
  otherGameSystemId: string;
  otherSystemFactionId: string;
}

/** Two game systems; two factions in the first, one in the second. */
export async function createCatalogue(db: Db): Promise<TestCatalogue> {
  const s = suffix();
  const system = await db.gameSystem.create({ data: { name: `Warhammer 40,000 ${s}`, slug: `wh40k-${s}` } });
  const other = await db.gameSystem.create({ data: { name: `Age of Sigmar ${s}`, slug: `aos-${s}` } });
  const faction = await db.faction.create({
    data: { gameSystemId: system.id, name: `Space Marines ${s}`, slug: `space-marines-${s}` },
  });
  const otherFaction = await db.faction.create({
    data: { gameSystemId: system.id, name: `Orks ${s}`, slug: `orks-${s}` },
  });
  const otherSystemFaction = await db.faction.create({
    data: { gameSystemId: other.id, name: `Stormcast Eternals ${s}`, slug: `stormcast-${s}` },
  });
  return {
    gameSystemId: system.id,
    factionId: faction.id,
    otherFactionId: otherFaction.id,
    otherGameSystemId: other.id,
    otherSystemFactionId: otherSystemFaction.id,
  };
}

export async function createCatalogEntry(
  db: Db,
  data: { name: string; factionId?: string; gameSystemId?: string; pointsValue?: number },
): Promise<{ id: string; name: string }> {
  return db.catalogModel.create({
    data: {
      name: data.name,
      slug: `${data.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${suffix()}`,
      factionId: data.factionId ?? null,
      gameSystemId: data.gameSystemId ?? null,
      pointsValue: data.pointsValue ?? null,
    },
    select: { id: true, name: true },
  });
}

/** Adds custom items through the API, named `${prefix} 1`…; returns their ids in order. */
export async function createCollection(
  user: TestUser,
  count: number,
  overrides: Partial<AddItemInput> | ((index: number) => Partial<AddItemInput>) = {},
  prefix = 'Intercessor',
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const extra = typeof overrides === 'function' ? overrides(index) : overrides;
    const item = await user.client.collection.add.mutate({ name: `${prefix} ${index + 1}`, ...extra });
    ids.push(item.id);
  }
  return ids;
}

/** Awaits a call that must fail with this tRPC error code; returns the error. */
export async function expectTrpcError(
  promise: Promise<unknown>,
  code: string,
): Promise<TRPCClientError<AppRouter>> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<AppRouter>).data?.code).toBe(code);
  return error as TRPCClientError<AppRouter>;
}

/** A YYYY-MM-DD date `days` from today (UTC); negative is the past. */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

import type { Db } from '@plastic-crack/db';
import { Prisma } from '@plastic-crack/db';
import { createTestDatabase, type TestDatabase } from '@plastic-crack/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { befriend, block, follow, insertUser } from '../../test/fixtures/relationships.ts';
import { accessToOwner } from '../access/visibility.ts';
import { listedPersonSql, personListedTo } from './people.ts';

// The social lists' face of the visibility rule ("not hidden": full or card) must agree with
// accessToOwner on every case of the matrix the rule itself is tested on.

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.drop());

type PersonKind = 'public' | 'friends' | 'private' | 'deactivated' | 'deletionScheduled';
type ViewerKind =
  'anonymous' | 'stranger' | 'follower' | 'friend' | 'blockedByPerson' | 'blocksPerson' | 'self';

const PERSON_KINDS: PersonKind[] = ['public', 'friends', 'private', 'deactivated', 'deletionScheduled'];
const VIEWER_KINDS: ViewerKind[] = [
  'anonymous',
  'stranger',
  'follower',
  'friend',
  'blockedByPerson',
  'blocksPerson',
  'self',
];

/** Listed (true) or not, per viewer kind, in PERSON_KINDS order — written out, not derived. */
const EXPECTED: Record<ViewerKind, boolean[]> = {
  anonymous: [true, true, false, false, false],
  stranger: [true, true, false, false, false],
  follower: [true, true, false, false, false],
  friend: [true, true, false, false, false],
  blockedByPerson: [false, false, false, false, false],
  blocksPerson: [false, false, false, false, false],
  self: [true, true, true, true, true],
};

const people = new Map<PersonKind, string>();
const viewers = new Map<Exclude<ViewerKind, 'self'>, string | null>();

beforeAll(async () => {
  for (const kind of PERSON_KINDS) {
    const { id } = await insertUser(db, {
      privacySetting: kind === 'friends' || kind === 'private' ? kind : 'public',
      isActive: kind !== 'deactivated',
      deletionScheduledAt: kind === 'deletionScheduled' ? new Date(Date.now() + 86_400_000) : null,
    });
    people.set(kind, id);
  }
  viewers.set('anonymous', null);
  for (const kind of VIEWER_KINDS) {
    if (kind === 'anonymous' || kind === 'self') continue;
    const viewer = (await insertUser(db)).id;
    viewers.set(kind, viewer);
    for (const person of people.values()) {
      if (kind === 'follower') await follow(db, viewer, person);
      if (kind === 'friend') await befriend(db, viewer, person);
      if (kind === 'blockedByPerson') await block(db, person, viewer);
      if (kind === 'blocksPerson') await block(db, viewer, person);
    }
  }
});

async function listedBySql(viewerId: string | null): Promise<string[]> {
  const ids = [...people.values()];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id::text FROM users u
    WHERE u.id = ANY(${ids}::uuid[]) AND ${listedPersonSql('u', viewerId)}`;
  return rows.map((row) => row.id).sort();
}

describe('who the social lists show', () => {
  it.each(VIEWER_KINDS)('to a %s: the written-out matrix, in SQL and in code', async (viewer) => {
    const askers = viewer === 'self' ? PERSON_KINDS.map((kind) => people.get(kind)!) : [viewers.get(viewer)!];
    for (const viewerId of askers) {
      const expected = PERSON_KINDS.filter((kind, index) =>
        viewer === 'self'
          ? people.get(kind) === viewerId || EXPECTED.stranger[index]
          : EXPECTED[viewer][index],
      )
        .map((kind) => people.get(kind)!)
        .sort();
      expect(await listedBySql(viewerId)).toEqual(expected);
      for (const kind of PERSON_KINDS) {
        const personId = people.get(kind)!;
        const listed = expected.includes(personId);
        expect(await personListedTo(db, viewerId, personId)).toBe(listed);
        // …and that is exactly "the visibility rule does not hide them".
        expect((await accessToOwner(db, viewerId, personId)) !== 'hidden').toBe(listed);
      }
    }
  });

  it('is a condition on the alias it is given, safe to compose into any query', async () => {
    const viewerId = viewers.get('stranger')!;
    const count = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM users listed_alias
      WHERE listed_alias.id = ANY(${[...people.values()]}::uuid[])
        AND ${listedPersonSql('listed_alias', viewerId)} AND ${Prisma.sql`TRUE`}`;
    expect(count[0]!.n).toBe(2);
  });
});

import { isIP } from 'node:net';
import type {
  CatalogEntryChanges,
  CatalogListInput,
  CatalogSearchInput,
  CreateCatalogEntryInput,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import type { Services } from '../context.ts';
import { badInput, conflict, DomainError, notFound } from '../errors.ts';
import { searchTerms } from '../search/catalog-search.ts';
import { decodeListCursor, encodeListCursor, listQuery, sortDirection } from './list-query.ts';
import {
  entryDetailSelect,
  entrySummarySelect,
  toDetail,
  toSearchDocument,
  toSummary,
  type CatalogEntryDetail,
  type CatalogEntrySummary,
} from './shape.ts';
import { freeSlug } from './slug.ts';

export type { CatalogEntryDetail, CatalogEntrySummary } from './shape.ts';

type CatalogDeps = Pick<Services, 'db' | 'search' | 'logger'>;

/** Who made an administrative change, for the audit log. */
export interface CatalogActor {
  userId: string;
  ip: string | null;
  userAgent: string | null;
}

// ---------------------------------------------------------------------------------------------
// Browsing
// ---------------------------------------------------------------------------------------------

export interface GameSystemSummary {
  id: string;
  slug: string;
  name: string;
  publisher: string | null;
  factionCount: number;
  entryCount: number;
}

/** Every game system, by name. Curated by administrators, so a short list: not paginated. */
export async function listGameSystems(db: Db): Promise<GameSystemSummary[]> {
  const systems = await db.gameSystem.findMany({
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      slug: true,
      name: true,
      publisher: true,
      _count: { select: { factions: true, catalogModels: true } },
    },
  });
  return systems.map(({ _count, ...system }) => ({
    ...system,
    factionCount: _count.factions,
    entryCount: _count.catalogModels,
  }));
}

export interface FactionSummary {
  id: string;
  slug: string;
  name: string;
  entryCount: number;
}

export async function listFactions(
  db: Db,
  gameSystem: { gameSystemId: string } | { gameSystemSlug: string },
): Promise<{ gameSystem: { id: string; slug: string; name: string }; factions: FactionSummary[] }> {
  const system = await db.gameSystem.findUnique({
    where:
      'gameSystemId' in gameSystem ? { id: gameSystem.gameSystemId } : { slug: gameSystem.gameSystemSlug },
    select: { id: true, slug: true, name: true },
  });
  if (!system) throw notFound('Game system');
  const factions = await db.faction.findMany({
    where: { gameSystemId: system.id },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    select: { id: true, slug: true, name: true, _count: { select: { catalogModels: true } } },
  });
  return {
    gameSystem: system,
    factions: factions.map(({ _count, ...faction }) => ({ ...faction, entryCount: _count.catalogModels })),
  };
}

export interface CatalogPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Filtered, sorted catalogue with keyset pagination: stable under ties and concurrent inserts. */
export async function listEntries(
  db: Db,
  input: CatalogListInput,
): Promise<CatalogPage<CatalogEntrySummary>> {
  const by = input.sort.by;
  const dir = sortDirection(input.sort);
  const cursor = input.cursor === undefined ? null : decodeListCursor(input.cursor, by, dir);
  const rows = await db.$queryRaw<{ entry_id: string; sort_key: string | null }[]>(
    listQuery(input.filters, by, dir, cursor, input.limit + 1),
  );
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const entries = await summariesById(
    db,
    page.map((row) => row.entry_id),
  );
  return {
    items: page.flatMap((row) => entries.get(row.entry_id) ?? []),
    nextCursor:
      rows.length > input.limit && last ? encodeListCursor(by, dir, last.sort_key, last.entry_id) : null,
  };
}

async function summariesById(db: Db, ids: string[]): Promise<Map<string, CatalogEntrySummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db.catalogModel.findMany({ where: { id: { in: ids } }, select: entrySummarySelect });
  return new Map(rows.map((row) => [row.id, toSummary(row)]));
}

export async function getEntry(db: Db, key: { id: string } | { slug: string }): Promise<CatalogEntryDetail> {
  const row = await db.catalogModel.findUnique({
    where: 'id' in key ? { id: key.id } : { slug: key.slug },
    select: entryDetailSelect,
  });
  if (!row) throw notFound('Catalogue entry');
  return toDetail(row);
}

export const BARCODE_MATCHES_MAX = 10;

/** Barcodes are not unique (re-boxes, bundles): current entries first, then by name. */
export async function findByBarcode(db: Db, barcode: string): Promise<CatalogEntrySummary[]> {
  const rows = await db.catalogModel.findMany({
    where: { barcode },
    orderBy: [{ discontinued: 'asc' }, { name: 'asc' }, { id: 'asc' }],
    take: BARCODE_MATCHES_MAX,
    select: entrySummarySelect,
  });
  return rows.map(toSummary);
}

export async function searchEntries(
  deps: CatalogDeps,
  input: CatalogSearchInput,
): Promise<CatalogPage<CatalogEntrySummary & { score: number }>> {
  if (searchTerms(input.q).length === 0) throw badInput('Search for at least one letter or number', 'q');
  const page = await deps.search.search(
    input.q,
    { gameSystemId: input.gameSystemId, factionId: input.factionId },
    input.limit,
    input.cursor,
  );
  const entries = await summariesById(
    deps.db,
    page.hits.map((hit) => hit.id),
  );
  // An external index may still list an id PostgreSQL no longer has; PostgreSQL is the truth.
  return {
    items: page.hits.flatMap((hit) => {
      const entry = entries.get(hit.id);
      return entry ? [{ ...entry, score: hit.score }] : [];
    }),
    nextCursor: page.nextCursor,
  };
}

// ---------------------------------------------------------------------------------------------
// Administration
// ---------------------------------------------------------------------------------------------

const SLUG_ATTEMPTS = 3;

export async function createEntry(
  deps: CatalogDeps,
  actor: CatalogActor,
  input: CreateCatalogEntryInput,
): Promise<CatalogEntryDetail> {
  const { db } = deps;
  const placement = await resolvePlacement(db, input.gameSystemId ?? null, input.factionId ?? null, {
    factionMovesSystem: input.gameSystemId === undefined,
  });
  if (input.slug && (await slugTaken(db, input.slug))) throw slugConflict();

  for (let attempt = 1; ; attempt += 1) {
    const slug = input.slug ?? (await freeSlug(db, input.name));
    try {
      const id = await db.$transaction(async (tx) => {
        const created = await tx.catalogModel.create({
          data: {
            name: input.name,
            slug,
            gameSystemId: placement.gameSystemId,
            factionId: placement.factionId,
            manufacturer: input.manufacturer ?? null,
            modelType: input.modelType ?? null,
            msrp: input.msrp === undefined ? null : new Prisma.Decimal(input.msrp.toFixed(2)),
            currency: input.currency,
            releaseDate: input.releaseDate ? dateOnly(input.releaseDate) : null,
            barcode: input.barcode ?? null,
            description: input.description ?? null,
            loreDescription: input.loreDescription ?? null,
            rulesText: input.rulesText ?? null,
            images: input.images,
            dimensions: input.dimensions ?? Prisma.DbNull,
            baseSize: input.baseSize ?? null,
            pointsValue: input.pointsValue ?? null,
            tags: input.tags,
          },
          select: { id: true },
        });
        await tx.auditLog.create({
          data: auditRow(actor, 'catalog.entry.create', created.id, null, { ...input, slug }),
        });
        return created.id;
      });
      return await afterWrite(deps, id);
    } catch (error) {
      // Someone took the generated slug between our look-up and our insert: pick another.
      if (isSlugViolation(error) && !input.slug && attempt < SLUG_ATTEMPTS) continue;
      if (isSlugViolation(error)) throw slugConflict();
      throw error;
    }
  }
}

export async function updateEntry(
  deps: CatalogDeps,
  actor: CatalogActor,
  id: string,
  changes: CatalogEntryChanges,
): Promise<CatalogEntryDetail> {
  const { db } = deps;
  const existing = await db.catalogModel.findUnique({ where: { id } });
  if (!existing) throw notFound('Catalogue entry');

  const data: Prisma.CatalogModelUncheckedUpdateInput = {};
  if (changes.gameSystemId !== undefined || changes.factionId !== undefined) {
    const placement = await resolvePlacement(
      db,
      changes.gameSystemId === undefined ? existing.gameSystemId : changes.gameSystemId,
      changes.factionId === undefined ? existing.factionId : changes.factionId,
      // A new faction alone carries its game system along; a new game system alone must fit the faction.
      { factionMovesSystem: changes.gameSystemId === undefined && changes.factionId !== undefined },
    );
    data.gameSystemId = placement.gameSystemId;
    data.factionId = placement.factionId;
  }
  if (changes.slug !== undefined && changes.slug !== existing.slug) {
    if (await slugTaken(db, changes.slug)) throw slugConflict();
    data.slug = changes.slug;
  }
  if (changes.name !== undefined) data.name = changes.name;
  if (changes.manufacturer !== undefined) data.manufacturer = changes.manufacturer;
  if (changes.modelType !== undefined) data.modelType = changes.modelType;
  if (changes.msrp !== undefined) {
    data.msrp = changes.msrp === null ? null : new Prisma.Decimal(changes.msrp.toFixed(2));
  }
  if (changes.currency !== undefined) data.currency = changes.currency;
  if (changes.releaseDate !== undefined) {
    data.releaseDate = changes.releaseDate === null ? null : dateOnly(changes.releaseDate);
  }
  if (changes.barcode !== undefined) data.barcode = changes.barcode;
  if (changes.description !== undefined) data.description = changes.description;
  if (changes.loreDescription !== undefined) data.loreDescription = changes.loreDescription;
  if (changes.rulesText !== undefined) data.rulesText = changes.rulesText;
  if (changes.images !== undefined) data.images = changes.images;
  if (changes.dimensions !== undefined) data.dimensions = changes.dimensions ?? Prisma.DbNull;
  if (changes.baseSize !== undefined) data.baseSize = changes.baseSize;
  if (changes.pointsValue !== undefined) data.pointsValue = changes.pointsValue;
  if (changes.tags !== undefined) data.tags = changes.tags;
  if (changes.discontinued !== undefined) data.discontinued = changes.discontinued;

  try {
    await db.$transaction([
      db.catalogModel.update({ where: { id }, data, select: { id: true } }),
      db.auditLog.create({
        data: auditRow(actor, 'catalog.entry.update', id, pick(existing, Object.keys(changes)), changes),
      }),
    ]);
  } catch (error) {
    if (isSlugViolation(error)) throw slugConflict();
    throw error;
  }
  return afterWrite(deps, id);
}

/**
 * Retired entries stay: collections, armies and wishlists point at them. They are marked
 * discontinued and keep showing where they are referenced. Retiring twice changes nothing.
 */
export async function retireEntry(
  deps: CatalogDeps,
  actor: CatalogActor,
  id: string,
): Promise<CatalogEntryDetail> {
  const { db } = deps;
  const retired = await db.$transaction(async (tx) => {
    const existing = await tx.catalogModel.findUnique({ where: { id }, select: { discontinued: true } });
    if (!existing) throw notFound('Catalogue entry');
    if (existing.discontinued) return false;
    await tx.catalogModel.update({ where: { id }, data: { discontinued: true }, select: { id: true } });
    await tx.auditLog.create({
      data: auditRow(actor, 'catalog.entry.retire', id, { discontinued: false }, { discontinued: true }),
    });
    return true;
  });
  return retired ? afterWrite(deps, id) : getEntry(db, { id });
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Checks that the game system and faction exist and agree; returns the pair to store. */
async function resolvePlacement(
  db: Db,
  gameSystemId: string | null,
  factionId: string | null,
  options: { factionMovesSystem: boolean },
): Promise<{ gameSystemId: string | null; factionId: string | null }> {
  if (gameSystemId !== null && !options.factionMovesSystem) {
    const system = await db.gameSystem.findUnique({ where: { id: gameSystemId }, select: { id: true } });
    if (!system) throw badInput('There is no such game system', 'gameSystemId');
  }
  if (factionId === null) return { gameSystemId, factionId: null };
  const faction = await db.faction.findUnique({ where: { id: factionId }, select: { gameSystemId: true } });
  if (!faction) throw badInput('There is no such faction', 'factionId');
  if (options.factionMovesSystem) return { gameSystemId: faction.gameSystemId, factionId };
  if (gameSystemId !== faction.gameSystemId) {
    throw badInput(
      'The faction belongs to another game system: change or clear the faction too',
      'factionId',
    );
  }
  return { gameSystemId, factionId };
}

async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.catalogModel.count({ where: { slug } })) > 0;
}

function slugConflict(): DomainError {
  const error = conflict('Another catalogue entry already uses that slug');
  return new DomainError(error.code, error.message, { field: 'slug' });
}

function isSlugViolation(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    error.code === 'P2002' &&
    JSON.stringify(error.meta ?? {}).includes('slug')
  );
}

/** A calendar date as stored in a DATE column (UTC midnight, so no time zone shifts the day). */
const dateOnly = (isoDay: string) => new Date(`${isoDay}T00:00:00.000Z`);

/** Re-reads the saved entry and hands it to the search index; PostgreSQL has already committed. */
async function afterWrite(deps: CatalogDeps, id: string): Promise<CatalogEntryDetail> {
  const entry = await getEntry(deps.db, { id });
  try {
    await deps.search.index(toSearchDocument(entry));
  } catch (error) {
    // The write stands; an external index is derived data and is rebuilt from PostgreSQL.
    deps.logger.error({ err: error, entryId: id }, 'could not update the catalogue search index');
  }
  return entry;
}

function auditRow(
  actor: CatalogActor,
  action: string,
  recordId: string,
  oldValues: object | null,
  newValues: object,
): Prisma.AuditLogUncheckedCreateInput {
  return {
    userId: actor.userId,
    action,
    tableName: 'models_catalog',
    recordId,
    oldValues: oldValues === null ? Prisma.DbNull : toJson(oldValues),
    newValues: toJson(newValues),
    // inet column: a malformed forwarded address must not fail the change it describes.
    ipAddress: actor.ip && isIP(actor.ip) ? actor.ip : null,
    userAgent: actor.userAgent,
  };
}

const toJson = (value: object): Prisma.InputJsonValue =>
  JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, row[key]]));
}

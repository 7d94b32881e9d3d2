import { catalogDimensionsSchema, type CatalogDimensions } from '@plastic-crack/api-contract';
import type { ModelType, Prisma, StockStatus } from '@plastic-crack/db';
import type { CatalogSearchDocument } from '../search/catalog-search.ts';

const placementSelect = { select: { id: true, slug: true, name: true } } as const;

export const entrySummarySelect = {
  id: true,
  slug: true,
  name: true,
  modelType: true,
  pointsValue: true,
  msrp: true,
  currency: true,
  releaseDate: true,
  discontinued: true,
  baseSize: true,
  tags: true,
  images: true,
  createdAt: true,
  gameSystem: placementSelect,
  faction: placementSelect,
} satisfies Prisma.CatalogModelSelect;

export const entryDetailSelect = {
  ...entrySummarySelect,
  manufacturer: true,
  barcode: true,
  description: true,
  loreDescription: true,
  rulesText: true,
  dimensions: true,
  updatedAt: true,
  currentPrices: {
    select: {
      price: true,
      currency: true,
      stockStatus: true,
      productUrl: true,
      isOnSale: true,
      discountPercentage: true,
      lastUpdated: true,
      retailer: { select: { id: true, name: true, domain: true, countryCode: true } },
    },
    orderBy: [{ price: 'asc' }, { retailer: { name: 'asc' } }],
    take: 100,
  },
} satisfies Prisma.CatalogModelSelect;

type SummaryRow = Prisma.CatalogModelGetPayload<{ select: typeof entrySummarySelect }>;
type DetailRow = Prisma.CatalogModelGetPayload<{ select: typeof entryDetailSelect }>;

export interface Placement {
  id: string;
  slug: string;
  name: string;
}

/** A catalogue entry in a list. Money is a number in `currency`; dates are ISO strings. */
export interface CatalogEntrySummary {
  id: string;
  slug: string;
  name: string;
  gameSystem: Placement | null;
  faction: Placement | null;
  modelType: ModelType | null;
  pointsValue: number | null;
  msrp: number | null;
  currency: string;
  /** YYYY-MM-DD */
  releaseDate: string | null;
  discontinued: boolean;
  baseSize: string | null;
  tags: string[];
  thumbnailUrl: string | null;
  createdAt: string;
}

export interface RetailerPrice {
  retailer: { id: string; name: string; domain: string; countryCode: string | null };
  price: number;
  currency: string;
  stockStatus: StockStatus;
  productUrl: string | null;
  isOnSale: boolean;
  discountPercentage: number | null;
  lastUpdated: string;
}

/** The entry page. */
export interface CatalogEntryDetail extends CatalogEntrySummary {
  manufacturer: string | null;
  barcode: string | null;
  description: string | null;
  loreDescription: string | null;
  rulesText: string | null;
  images: string[];
  dimensions: CatalogDimensions | null;
  updatedAt: string;
  /** Current prices by retailer, cheapest first; the entry's own currency before others. */
  prices: RetailerPrice[];
}

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

// Rows written outside this API (imports, seeds) may hold other JSON: show what is valid, drop the rest.
function imageUrls(images: Prisma.JsonValue): string[] {
  return Array.isArray(images) ? images.filter((url): url is string => typeof url === 'string') : [];
}

// The demo seed and older imports write snake_case keys (height_mm, models_in_box); read both.
const DIMENSION_KEYS = [
  ['heightMm', 'height_mm'],
  ['widthMm', 'width_mm'],
  ['depthMm', 'depth_mm'],
  ['modelsInBox', 'models_in_box'],
] as const;

function dimensionsOf(value: Prisma.JsonValue | null): CatalogDimensions | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const known = Object.fromEntries(
    DIMENSION_KEYS.flatMap(([key, legacy]) => {
      const found = value[key] ?? value[legacy];
      return found === undefined || found === null ? [] : [[key, found]];
    }),
  );
  const parsed = catalogDimensionsSchema.safeParse(known);
  return parsed.success ? parsed.data : null;
}

export function toSummary(row: SummaryRow): CatalogEntrySummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    gameSystem: row.gameSystem,
    faction: row.faction,
    modelType: row.modelType,
    pointsValue: row.pointsValue,
    msrp: row.msrp === null ? null : row.msrp.toNumber(),
    currency: row.currency,
    releaseDate: row.releaseDate ? isoDate(row.releaseDate) : null,
    discontinued: row.discontinued,
    baseSize: row.baseSize,
    tags: row.tags,
    thumbnailUrl: imageUrls(row.images)[0] ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toDetail(row: DetailRow): CatalogEntryDetail {
  return {
    ...toSummary(row),
    manufacturer: row.manufacturer,
    barcode: row.barcode,
    description: row.description,
    loreDescription: row.loreDescription,
    rulesText: row.rulesText,
    images: imageUrls(row.images),
    dimensions: dimensionsOf(row.dimensions),
    updatedAt: row.updatedAt.toISOString(),
    prices: sortPrices(row.currency, row.currentPrices).map((price) => ({
      retailer: price.retailer,
      price: price.price.toNumber(),
      currency: price.currency,
      stockStatus: price.stockStatus,
      productUrl: price.productUrl,
      isOnSale: price.isOnSale,
      discountPercentage: price.discountPercentage === null ? null : price.discountPercentage.toNumber(),
      lastUpdated: price.lastUpdated.toISOString(),
    })),
  };
}

/**
 * Cheapest first. There are no exchange rates here, so prices in the entry's own currency come
 * first and each other currency follows as its own cheapest-first group.
 */
function sortPrices<T extends { currency: string; price: Prisma.Decimal; retailer: { name: string } }>(
  entryCurrency: string,
  prices: T[],
): T[] {
  return [...prices].sort(
    (a, b) =>
      Number(a.currency !== entryCurrency) - Number(b.currency !== entryCurrency) ||
      a.currency.localeCompare(b.currency) ||
      a.price.comparedTo(b.price) ||
      a.retailer.name.localeCompare(b.retailer.name),
  );
}

export function toSearchDocument(entry: CatalogEntryDetail): CatalogSearchDocument {
  return {
    id: entry.id,
    slug: entry.slug,
    name: entry.name,
    gameSystemId: entry.gameSystem?.id ?? null,
    factionId: entry.faction?.id ?? null,
    modelType: entry.modelType,
    tags: entry.tags,
    description: entry.description,
    loreDescription: entry.loreDescription,
    discontinued: entry.discontinued,
  };
}

import { z } from 'zod';

/** The unit types of the catalogue, in the order of the database enum `model_type_enum`. */
export const MODEL_TYPES = [
  'character',
  'troop',
  'elite',
  'fast_attack',
  'heavy_support',
  'dedicated_transport',
  'lord_of_war',
  'fortification',
] as const;
export const modelTypeSchema = z.enum(MODEL_TYPES);
export type ModelTypeValue = z.infer<typeof modelTypeSchema>;

export const CATALOG_PAGE_DEFAULT = 20;
export const CATALOG_PAGE_MAX = 100;
export const CATALOG_SEARCH_MAX = 50;
/** Longest slug the API generates or accepts for a catalogue entry. */
export const CATALOG_SLUG_MAX = 120;

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const slugMessage = 'Use lowercase letters, numbers and single dashes';

export const gameSystemSlugSchema = z.string().trim().min(1).max(100).regex(slugPattern, slugMessage);
export const catalogSlugSchema = z
  .string()
  .trim()
  .min(1)
  .max(CATALOG_SLUG_MAX)
  .regex(slugPattern, slugMessage);

/** EAN-8, UPC-A, EAN-13 or GTIN-14; spaces and dashes a scanner app or a person adds are dropped. */
export const catalogBarcodeSchema = z
  .string()
  .max(32, 'A barcode is 8 to 14 digits')
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{8,14}$/, 'A barcode is 8 to 14 digits'));

/** Money in the entry's currency: DECIMAL(10,2), never negative. */
export const catalogMoneySchema = z
  .number()
  .min(0, 'Cannot be negative')
  .max(99_999_999.99, 'Too large')
  .multipleOf(0.01, 'Use at most two decimals');

export const catalogPointsSchema = z
  .number()
  .int('Use a whole number')
  .min(0, 'Cannot be negative')
  .max(100_000);

export const catalogCurrencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD');

const millimetres = z.number().positive('Must be above zero').max(10_000, 'At most 10 m');

/** Physical facts of the kit: size of the assembled model in millimetres, and models in the box. */
export const catalogDimensionsSchema = z
  .strictObject({
    heightMm: millimetres.optional(),
    widthMm: millimetres.optional(),
    depthMm: millimetres.optional(),
    modelsInBox: z.number().int('Use a whole number').min(1).max(1_000).optional(),
  })
  .refine((value) => Object.values(value).some((size) => size !== undefined), {
    message: 'Give at least one of height, width, depth and models in the box',
  });
export type CatalogDimensions = z.infer<typeof catalogDimensionsSchema>;

export const CATALOG_IMAGES_MAX = 20;
export const catalogImagesSchema = z
  .array(z.url({ protocol: /^https?$/, message: 'Use an http(s) image address' }).max(2048))
  .max(CATALOG_IMAGES_MAX, `At most ${CATALOG_IMAGES_MAX} images`)
  .refine((urls) => new Set(urls).size === urls.length, { message: 'The same image is listed twice' });

export const catalogTagSchema = z.string().trim().toLowerCase().min(1).max(40);
export const catalogTagsSchema = z
  .array(catalogTagSchema)
  .max(20, 'At most 20 tags')
  .transform((tags) => [...new Set(tags)]);

const text = (max: number) => z.string().trim().min(1).max(max);

/** Everything an administrator may set on a catalogue entry. */
export const createCatalogEntryInput = z.object({
  name: text(255),
  /** Generated from the name when omitted; a taken slug given here is a conflict. */
  slug: catalogSlugSchema.optional(),
  /** Taken from the faction when only the faction is given. */
  gameSystemId: z.guid().optional(),
  factionId: z.guid().optional(),
  manufacturer: text(100).optional(),
  modelType: modelTypeSchema.optional(),
  msrp: catalogMoneySchema.optional(),
  currency: catalogCurrencySchema.default('USD'),
  releaseDate: z.iso.date('Use a date like 2024-06-01').optional(),
  barcode: catalogBarcodeSchema.optional(),
  description: text(5_000).optional(),
  loreDescription: text(20_000).optional(),
  rulesText: text(20_000).optional(),
  images: catalogImagesSchema.default([]),
  dimensions: catalogDimensionsSchema.optional(),
  baseSize: text(20).optional(),
  pointsValue: catalogPointsSchema.optional(),
  tags: catalogTagsSchema.default([]),
});
export type CreateCatalogEntryInput = z.infer<typeof createCatalogEntryInput>;

/** Fields that may be cleared take null; omitted fields stay as they are. */
export const catalogEntryChangesSchema = z
  .object({
    name: text(255).optional(),
    slug: catalogSlugSchema.optional(),
    gameSystemId: z.guid().nullable().optional(),
    factionId: z.guid().nullable().optional(),
    manufacturer: text(100).nullable().optional(),
    modelType: modelTypeSchema.nullable().optional(),
    msrp: catalogMoneySchema.nullable().optional(),
    currency: catalogCurrencySchema.optional(),
    releaseDate: z.iso.date('Use a date like 2024-06-01').nullable().optional(),
    barcode: catalogBarcodeSchema.nullable().optional(),
    description: text(5_000).nullable().optional(),
    loreDescription: text(20_000).nullable().optional(),
    rulesText: text(20_000).nullable().optional(),
    images: catalogImagesSchema.optional(),
    dimensions: catalogDimensionsSchema.nullable().optional(),
    baseSize: text(20).nullable().optional(),
    pointsValue: catalogPointsSchema.nullable().optional(),
    tags: catalogTagsSchema.optional(),
    /** Retiring is `catalog.retire`; this also lets an administrator bring an entry back. */
    discontinued: z.boolean().optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Change at least one field',
  });
export type CatalogEntryChanges = z.infer<typeof catalogEntryChangesSchema>;

export const updateCatalogEntryInput = z.object({ id: z.guid(), changes: catalogEntryChangesSchema });
export type UpdateCatalogEntryInput = z.infer<typeof updateCatalogEntryInput>;

export const retireCatalogEntryInput = z.object({ id: z.guid() });

export const CATALOG_SORT_FIELDS = ['name', 'points', 'msrp', 'releaseDate', 'newest'] as const;
export const catalogSortSchema = z.object({
  by: z.enum(CATALOG_SORT_FIELDS).default('name'),
  /** Defaults to newest first for `newest`, ascending otherwise. Entries without a value come last. */
  direction: z.enum(['asc', 'desc']).optional(),
});
export type CatalogSort = z.infer<typeof catalogSortSchema>;

export const catalogFiltersSchema = z
  .object({
    gameSystemId: z.guid().optional(),
    factionId: z.guid().optional(),
    /** Any of these unit types. */
    modelTypes: z.array(modelTypeSchema).min(1).max(MODEL_TYPES.length).optional(),
    /** MSRP range, inclusive, in the entry's own currency (narrow it with `currency`). */
    msrpMin: catalogMoneySchema.optional(),
    msrpMax: catalogMoneySchema.optional(),
    currency: catalogCurrencySchema.optional(),
    discontinued: z.boolean().optional(),
    /** Entries carrying every one of these tags. */
    tags: z.array(catalogTagSchema).min(1).max(10).optional(),
  })
  .refine(
    (filters) =>
      filters.msrpMin === undefined || filters.msrpMax === undefined || filters.msrpMin <= filters.msrpMax,
    { message: 'The lowest price is above the highest', path: ['msrpMax'] },
  );
export type CatalogFilters = z.infer<typeof catalogFiltersSchema>;

/** An opaque position in a list, as returned in `nextCursor`. */
export const catalogCursorSchema = z.string().min(1).max(600);

export const catalogListInput = z.object({
  filters: catalogFiltersSchema.default({}),
  sort: catalogSortSchema.default({ by: 'name' }),
  cursor: catalogCursorSchema.optional(),
  limit: z.number().int().min(1).max(CATALOG_PAGE_MAX).default(CATALOG_PAGE_DEFAULT),
});
export type CatalogListInput = z.infer<typeof catalogListInput>;

export const catalogFactionsInput = z.xor([
  z.object({ gameSystemId: z.guid() }),
  z.object({ gameSystemSlug: gameSystemSlugSchema }),
]);

export const catalogEntryInput = z.xor([z.object({ id: z.guid() }), z.object({ slug: catalogSlugSchema })]);

export const catalogBarcodeInput = z.object({ barcode: catalogBarcodeSchema });

export const catalogSearchInput = z.object({
  q: z.string().trim().min(1, 'Type something to search for').max(100, 'Use at most 100 characters'),
  gameSystemId: z.guid().optional(),
  factionId: z.guid().optional(),
  cursor: catalogCursorSchema.optional(),
  limit: z.number().int().min(1).max(CATALOG_SEARCH_MAX).default(CATALOG_PAGE_DEFAULT),
});
export type CatalogSearchInput = z.infer<typeof catalogSearchInput>;

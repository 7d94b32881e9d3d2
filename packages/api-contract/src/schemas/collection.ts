import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Shared vocabulary
// ---------------------------------------------------------------------------------------------

/** The painting workflow, in order. "Painted" means finished or showcase_ready. */
export const PAINTING_STAGES = [
  'unpainted',
  'primed',
  'basecoated',
  'shaded',
  'highlighted',
  'detailed',
  'finished',
  'showcase_ready',
] as const;
export const paintingStageSchema = z.enum(PAINTING_STAGES);
export type PaintingStage = z.infer<typeof paintingStageSchema>;
export const PAINTED_STAGES: readonly PaintingStage[] = ['finished', 'showcase_ready'];

export const CONDITIONS = ['new', 'like_new', 'good', 'fair', 'poor'] as const;
export const conditionSchema = z.enum(CONDITIONS);
export type ItemCondition = z.infer<typeof conditionSchema>;

export const COLLECTION_LIMITS = {
  nameChars: 255,
  quantityMax: 10_000,
  pointsMax: 100_000,
  /** purchase_price is DECIMAL(10,2), per unit. */
  priceMax: 99_999_999.99,
  purchaseLocationChars: 255,
  storageLocationChars: 100,
  notesChars: 5_000,
  tags: 20,
  tagChars: 40,
  techniques: 20,
  techniqueChars: 60,
  paintsPerRole: 12,
  paintNameChars: 100,
  paintBrandChars: 60,
  colourSchemeNotesChars: 1_000,
  bulkIds: 500,
  pageDefault: 50,
  pageMax: 100,
  searchChars: 100,
  filterIds: 50,
  customFieldFilters: 10,
  photosPerItem: 10,
  captionChars: 500,
  sessionMinutesMax: 1_440,
  sessionNotesChars: 2_000,
  statsMonthsDefault: 12,
  statsMonthsMax: 24,
} as const;

export const CUSTOM_FIELD_LIMITS = {
  fieldsPerUser: 30,
  nameChars: 100,
  options: 50,
  optionChars: 100,
  textValueChars: 1_000,
} as const;

// Control characters (other than newline and tab in long text) have no place in these fields.
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t\r])*$/u;

const line = (max: number, what: string, pattern: RegExp = SINGLE_LINE) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Use at most ${max} characters`)
    .regex(pattern, 'Remove control characters');

/** Free text over several lines. */
const text = (max: number, what: string) => line(max, what, MULTI_LINE);

/** Optional text on an update: trimmed, bounded, and `null` or `''` clears it. */
const clearable = (max: number, pattern: RegExp = SINGLE_LINE) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .regex(pattern, 'Remove control characters')
    .transform((value) => (value === '' ? null : value))
    .nullable();

const idSchema = z.uuid('Not a valid id');

/** A calendar date as YYYY-MM-DD. "Not in the future" is the database's rule (see DATA-MODEL.md). */
export const calendarDateSchema = z.iso
  .date('Use a date as YYYY-MM-DD')
  .refine((value) => value >= '1970-01-01', 'Use a date from 1970 onwards');

export const ownerUsernameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a username')
  .max(50, 'Use at most 50 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Usernames use letters, numbers, dots, dashes and underscores only');

/** Lower-case, single-spaced, de-duplicated; at most 20 of at most 40 characters. */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'A tag cannot be empty')
      .max(COLLECTION_LIMITS.tagChars, `Use at most ${COLLECTION_LIMITS.tagChars} characters per tag`)
      .regex(SINGLE_LINE, 'Remove control characters'),
  );

const unique = (values: string[], key: (value: string) => string = (value) => value) => {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

export const tagListSchema = z
  .array(tagSchema)
  .max(COLLECTION_LIMITS.tags, `Use at most ${COLLECTION_LIMITS.tags} tags`)
  .transform((tags) => unique(tags));

export const techniqueListSchema = z
  .array(line(COLLECTION_LIMITS.techniqueChars, 'a technique'))
  .max(COLLECTION_LIMITS.techniques, `List at most ${COLLECTION_LIMITS.techniques} techniques`)
  .transform((techniques) => unique(techniques, (value) => value.toLowerCase()));

/** Money per unit: 0 to 99,999,999.99 with at most two decimals (stored as DECIMAL(10,2)). */
export const purchasePriceSchema = z
  .number('Enter a price')
  .min(0, 'A price cannot be negative')
  .max(COLLECTION_LIMITS.priceMax, 'That price is too large')
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, 'Use at most two decimals');

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 currency code, e.g. EUR');

// ---------------------------------------------------------------------------------------------
// Colour scheme
// ---------------------------------------------------------------------------------------------

export const paintSchema = z.strictObject({
  name: line(COLLECTION_LIMITS.paintNameChars, 'a paint name'),
  hex: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour as #rrggbb')
    .transform((hex) => hex.toLowerCase()),
  brand: line(COLLECTION_LIMITS.paintBrandChars, 'a brand').optional(),
});
export type Paint = z.infer<typeof paintSchema>;

const paintList = z
  .array(paintSchema)
  .max(COLLECTION_LIMITS.paintsPerRole, `List at most ${COLLECTION_LIMITS.paintsPerRole} paints per role`);

/** The paints an item is painted with, by role. Stored in user_models.color_scheme. */
export const colourSchemeSchema = z.strictObject({
  primary: paintList.default([]),
  secondary: paintList.default([]),
  accent: paintList.default([]),
  basing: paintList.default([]),
  notes: text(COLLECTION_LIMITS.colourSchemeNotesChars, 'notes').optional(),
});
export type ColourScheme = z.infer<typeof colourSchemeSchema>;

// ---------------------------------------------------------------------------------------------
// Custom fields
// ---------------------------------------------------------------------------------------------

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'dropdown', 'multiselect'] as const;
export const customFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

const customFieldOptionsSchema = z
  .array(line(CUSTOM_FIELD_LIMITS.optionChars, 'an option'))
  .min(1, 'Give at least one option')
  .max(CUSTOM_FIELD_LIMITS.options, `Use at most ${CUSTOM_FIELD_LIMITS.options} options`)
  .refine(
    (options) => new Set(options.map((option) => option.toLowerCase())).size === options.length,
    'Options must be different from each other',
  );

export const customFieldNameSchema = line(CUSTOM_FIELD_LIMITS.nameChars, 'a field name');

/** Choice types need options; the other types take none. */
export const createCustomFieldInput = z
  .strictObject({
    name: customFieldNameSchema,
    fieldType: customFieldTypeSchema,
    options: customFieldOptionsSchema.optional(),
    isRequired: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    const isChoice = input.fieldType === 'dropdown' || input.fieldType === 'multiselect';
    if (isChoice && !input.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'A choice field needs its options' });
    if (!isChoice && input.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only choice fields have options' });
  });
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldInput>;

/** The type is fixed once created; the name, options and "required" can change. */
export const updateCustomFieldInput = z
  .strictObject({
    id: idSchema,
    name: customFieldNameSchema.optional(),
    options: customFieldOptionsSchema.optional(),
    isRequired: z.boolean().optional(),
  })
  .refine(
    (input) => input.name !== undefined || input.options !== undefined || input.isRequired !== undefined,
    'Nothing to update',
  );
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldInput>;

export const customFieldIdInput = z.strictObject({ id: idSchema });

/**
 * A value as the client sends it, checked against the field's definition by the API: text → string,
 * number → number, date → 'YYYY-MM-DD', boolean → boolean, dropdown → one option, multiselect → options.
 * `null` removes the value.
 */
export const customFieldValueSchema = z.union([
  z
    .string()
    .max(CUSTOM_FIELD_LIMITS.textValueChars, `Use at most ${CUSTOM_FIELD_LIMITS.textValueChars} characters`),
  z.number().finite(),
  z.boolean(),
  z.array(z.string().max(CUSTOM_FIELD_LIMITS.optionChars)).max(CUSTOM_FIELD_LIMITS.options),
]);
export type CustomFieldValue = z.infer<typeof customFieldValueSchema>;

/** Values keyed by field id; on an update only the keys present change and `null` removes one. */
export const customFieldValuesSchema = z
  .record(idSchema, customFieldValueSchema.nullable())
  .refine(
    (values) => Object.keys(values).length <= CUSTOM_FIELD_LIMITS.fieldsPerUser,
    `Set at most ${CUSTOM_FIELD_LIMITS.fieldsPerUser} fields`,
  );

/** A filter on one custom field's value; which operations fit which field type is checked by the API. */
export const customFieldFilterSchema = z.discriminatedUnion('op', [
  /** text (case-insensitive), number, date, boolean, dropdown. */
  z.strictObject({
    fieldId: idSchema,
    op: z.literal('equals'),
    value: z.union([
      z.string().min(1).max(CUSTOM_FIELD_LIMITS.textValueChars),
      z.number().finite(),
      z.boolean(),
    ]),
  }),
  /** text: the value contains this (case-insensitive). */
  z.strictObject({ fieldId: idSchema, op: z.literal('contains'), value: z.string().trim().min(1).max(100) }),
  /** number or date: within [min, max], either end optional. */
  z
    .strictObject({
      fieldId: idSchema,
      op: z.literal('range'),
      min: z.union([z.number().finite(), calendarDateSchema]).optional(),
      max: z.union([z.number().finite(), calendarDateSchema]).optional(),
    })
    .refine((filter) => filter.min !== undefined || filter.max !== undefined, 'Give a minimum or a maximum'),
  /** dropdown: one of these; multiselect: has at least one of these. */
  z.strictObject({
    fieldId: idSchema,
    op: z.literal('anyOf'),
    values: z
      .array(z.string().min(1).max(CUSTOM_FIELD_LIMITS.optionChars))
      .min(1)
      .max(CUSTOM_FIELD_LIMITS.options),
  }),
  /** multiselect: has all of these. */
  z.strictObject({
    fieldId: idSchema,
    op: z.literal('allOf'),
    values: z
      .array(z.string().min(1).max(CUSTOM_FIELD_LIMITS.optionChars))
      .min(1)
      .max(CUSTOM_FIELD_LIMITS.options),
  }),
  /** Any type: the item has a value / has none. */
  z.strictObject({ fieldId: idSchema, op: z.literal('isSet') }),
  z.strictObject({ fieldId: idSchema, op: z.literal('isEmpty') }),
]);
export type CustomFieldFilter = z.infer<typeof customFieldFilterSchema>;

// ---------------------------------------------------------------------------------------------
// Collection items
// ---------------------------------------------------------------------------------------------

const itemFields = {
  name: line(COLLECTION_LIMITS.nameChars, 'a name'),
  factionId: idSchema.nullable(),
  gameSystemId: idSchema.nullable(),
  pointsValue: z.number().int().min(0).max(COLLECTION_LIMITS.pointsMax).nullable(),
  quantity: z.number().int().min(1, 'At least one').max(COLLECTION_LIMITS.quantityMax),
  purchasePrice: purchasePriceSchema.nullable(),
  currency: currencySchema,
  purchaseDate: calendarDateSchema.nullable(),
  purchaseLocation: clearable(COLLECTION_LIMITS.purchaseLocationChars),
  condition: conditionSchema,
  storageLocation: clearable(COLLECTION_LIMITS.storageLocationChars),
  tags: tagListSchema,
  notes: clearable(COLLECTION_LIMITS.notesChars, MULTI_LINE),
  colourScheme: colourSchemeSchema.nullable(),
  techniques: techniqueListSchema,
  paintingStatus: paintingStageSchema,
  isShowcase: z.boolean(),
  isPublic: z.boolean(),
  customFields: customFieldValuesSchema,
};

/**
 * From the catalogue (`modelId`; `name` then overrides the catalogue's name) or a custom item
 * (`name`, with its own faction, game system and points).
 */
export const addItemInput = z
  .strictObject({
    modelId: idSchema.optional(),
    name: itemFields.name.optional(),
    factionId: idSchema.optional(),
    gameSystemId: idSchema.optional(),
    pointsValue: itemFields.pointsValue.unwrap().optional(),
    quantity: itemFields.quantity.default(1),
    purchasePrice: purchasePriceSchema.optional(),
    currency: currencySchema.optional(),
    purchaseDate: calendarDateSchema.optional(),
    purchaseLocation: line(COLLECTION_LIMITS.purchaseLocationChars, 'a place').optional(),
    condition: conditionSchema.optional(),
    storageLocation: line(COLLECTION_LIMITS.storageLocationChars, 'a location').optional(),
    tags: tagListSchema.optional(),
    notes: text(COLLECTION_LIMITS.notesChars, 'notes').optional(),
    colourScheme: colourSchemeSchema.optional(),
    techniques: techniqueListSchema.optional(),
    paintingStatus: paintingStageSchema.optional(),
    isShowcase: z.boolean().optional(),
    isPublic: z.boolean().optional(),
    customFields: customFieldValuesSchema.optional(),
  })
  .refine((input) => input.modelId !== undefined || input.name !== undefined, {
    message: 'Pick a catalogue model or give the item a name',
    path: ['name'],
  });
export type AddItemInput = z.infer<typeof addItemInput>;

/** Partial update: only the fields present change; `null` clears an optional field. */
export const updateItemInput = z
  .strictObject({
    id: idSchema,
    modelId: idSchema.nullable().optional(),
    name: itemFields.name.nullable().optional(),
    factionId: itemFields.factionId.optional(),
    gameSystemId: itemFields.gameSystemId.optional(),
    pointsValue: itemFields.pointsValue.optional(),
    quantity: itemFields.quantity.optional(),
    purchasePrice: itemFields.purchasePrice.optional(),
    currency: itemFields.currency.optional(),
    purchaseDate: itemFields.purchaseDate.optional(),
    purchaseLocation: itemFields.purchaseLocation.optional(),
    condition: itemFields.condition.optional(),
    storageLocation: itemFields.storageLocation.optional(),
    tags: itemFields.tags.optional(),
    notes: itemFields.notes.optional(),
    colourScheme: itemFields.colourScheme.optional(),
    techniques: itemFields.techniques.optional(),
    paintingStatus: itemFields.paintingStatus.optional(),
    isShowcase: itemFields.isShowcase.optional(),
    isPublic: itemFields.isPublic.optional(),
    customFields: itemFields.customFields.optional(),
  })
  .refine(
    (input) => Object.entries(input).some(([key, value]) => key !== 'id' && value !== undefined),
    'Nothing to update',
  );
export type UpdateItemInput = z.infer<typeof updateItemInput>;

export const itemIdInput = z.strictObject({ id: idSchema });

export const setStageInput = z.strictObject({ id: idSchema, paintingStatus: paintingStageSchema });

/** One change applied to every selected item, all or nothing. */
export const bulkEditInput = z
  .strictObject({
    ids: z
      .array(idSchema)
      .min(1, 'Select at least one item')
      .max(COLLECTION_LIMITS.bulkIds, `Select at most ${COLLECTION_LIMITS.bulkIds} items`)
      .transform((ids) => unique(ids.map((id) => id.toLowerCase()))),
    paintingStatus: paintingStageSchema.optional(),
    addTags: tagListSchema.optional(),
    removeTags: tagListSchema.optional(),
    /** A storage location, or null to clear it. */
    storageLocation: clearable(COLLECTION_LIMITS.storageLocationChars).optional(),
  })
  .refine(
    (input) =>
      input.paintingStatus !== undefined ||
      (input.addTags?.length ?? 0) > 0 ||
      (input.removeTags?.length ?? 0) > 0 ||
      input.storageLocation !== undefined,
    'Nothing to change',
  );
export type BulkEditInput = z.infer<typeof bulkEditInput>;

// ---------------------------------------------------------------------------------------------
// Lists, groups and stats
// ---------------------------------------------------------------------------------------------

export const collectionFiltersSchema = z.strictObject({
  factionIds: z.array(idSchema).min(1).max(COLLECTION_LIMITS.filterIds).optional(),
  gameSystemIds: z.array(idSchema).min(1).max(COLLECTION_LIMITS.filterIds).optional(),
  stages: z.array(paintingStageSchema).min(1).max(PAINTING_STAGES.length).optional(),
  /** Items carrying every one of these tags. */
  tags: z.array(tagSchema).min(1).max(COLLECTION_LIMITS.tags).optional(),
  conditions: z.array(conditionSchema).min(1).max(CONDITIONS.length).optional(),
  showcase: z.boolean().optional(),
  /** Case-insensitive substring of the item's name or its catalogue name. */
  search: z.string().trim().min(1).max(COLLECTION_LIMITS.searchChars).optional(),
  /** Own collection only: other people's custom-field values are private. */
  customFields: z.array(customFieldFilterSchema).min(1).max(COLLECTION_LIMITS.customFieldFilters).optional(),
});
export type CollectionFilters = z.infer<typeof collectionFiltersSchema>;

export const COLLECTION_SORTS = ['name', 'stage', 'added', 'purchaseDate', 'price', 'points'] as const;
export const collectionSortSchema = z.strictObject({
  by: z.enum(COLLECTION_SORTS),
  /** Default: newest first for `added` and `purchaseDate`, ascending otherwise. Empty values sort last. */
  direction: z.enum(['asc', 'desc']).optional(),
});
export type CollectionSort = z.infer<typeof collectionSortSchema>;

/** `ownerUsername` omitted: the signed-in user's own collection. */
const collectionScope = {
  ownerUsername: ownerUsernameSchema.optional(),
  filters: collectionFiltersSchema.default({}),
};

export const collectionListInput = z.strictObject({
  ...collectionScope,
  sort: collectionSortSchema.default({ by: 'added' }),
  cursor: z.string().max(1024).nullish(),
  limit: z.number().int().min(1).max(COLLECTION_LIMITS.pageMax).default(COLLECTION_LIMITS.pageDefault),
});
export type CollectionListInput = z.infer<typeof collectionListInput>;

export const COLLECTION_GROUPINGS = ['faction', 'gameSystem', 'stage', 'condition'] as const;
export const collectionGroupsInput = z.strictObject({
  ...collectionScope,
  by: z.enum(COLLECTION_GROUPINGS),
});
export type CollectionGroupsInput = z.infer<typeof collectionGroupsInput>;

export const collectionStatsInput = z
  .strictObject({
    months: z
      .number()
      .int()
      .min(1)
      .max(COLLECTION_LIMITS.statsMonthsMax)
      .default(COLLECTION_LIMITS.statsMonthsDefault),
  })
  .default({ months: COLLECTION_LIMITS.statsMonthsDefault });

// ---------------------------------------------------------------------------------------------
// Painting log
// ---------------------------------------------------------------------------------------------

export const addPaintingSessionInput = z.strictObject({
  userModelId: idSchema,
  minutes: z
    .number()
    .int('Whole minutes')
    .min(1, 'At least one minute')
    .max(COLLECTION_LIMITS.sessionMinutesMax, 'At most 24 hours per session'),
  /** Defaults to today; not in the future. */
  paintedOn: calendarDateSchema.optional(),
  notes: text(COLLECTION_LIMITS.sessionNotesChars, 'notes').optional(),
});
export const updatePaintingSessionInput = z
  .strictObject({
    id: idSchema,
    minutes: addPaintingSessionInput.shape.minutes.optional(),
    paintedOn: calendarDateSchema.optional(),
    notes: clearable(COLLECTION_LIMITS.sessionNotesChars, MULTI_LINE).optional(),
  })
  .refine(
    (input) => input.minutes !== undefined || input.paintedOn !== undefined || input.notes !== undefined,
    'Nothing to update',
  );
export const paintingLogInput = z.strictObject({
  userModelId: idSchema,
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(COLLECTION_LIMITS.pageMax).default(COLLECTION_LIMITS.pageDefault),
});

// ---------------------------------------------------------------------------------------------
// Photos (the upload itself is POST /uploads/collection/:userModelId/photos, multipart field `file`)
// ---------------------------------------------------------------------------------------------

export const photoCaptionInput = z.strictObject({
  id: idSchema,
  caption: clearable(COLLECTION_LIMITS.captionChars, MULTI_LINE),
});
export const photoReorderInput = z.strictObject({
  userModelId: idSchema,
  /** Every photo of the item, in the new order. */
  photoIds: z
    .array(idSchema)
    .min(1)
    .max(COLLECTION_LIMITS.photosPerItem)
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, 'List each photo once'),
});
export const photoIdInput = z.strictObject({ id: idSchema });

import { z } from 'zod';
import {
  COLLECTION_LIMITS,
  calendarDateSchema,
  currencySchema,
  ownerUsernameSchema,
  purchasePriceSchema,
} from './collection.ts';

export const WISHLIST_LIMITS = {
  listsPerUser: 50,
  itemsPerList: 500,
  nameChars: 255,
  descriptionChars: 2_000,
  itemNotesChars: 2_000,
  productUrlChars: 500,
  quantityMax: COLLECTION_LIMITS.quantityMax,
  shareTokenChars: 64,
} as const;

/** Lowest first, as the database enum orders them; lists show urgent first. */
export const WISHLIST_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const wishlistPrioritySchema = z.enum(WISHLIST_PRIORITIES);
export type WishlistPriorityLevel = z.infer<typeof wishlistPrioritySchema>;

const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t\r])*$/u;

const idSchema = z.uuid('Not a valid id');

const line = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `Use at most ${max} characters`)
    .regex(SINGLE_LINE, 'Remove control characters');

/** Trimmed, bounded; on an update `null` or `''` clears it. */
const clearableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .regex(MULTI_LINE, 'Remove control characters')
    .transform((value) => (value === '' ? null : value))
    .nullable();

/** A shop page: http or https only, at most 500 characters. */
export const productUrlSchema = z
  .string()
  .trim()
  .max(WISHLIST_LIMITS.productUrlChars, `Use at most ${WISHLIST_LIMITS.productUrlChars} characters`)
  .pipe(z.url({ protocol: /^https?$/, error: 'Use a web address starting with http:// or https://' }));

const wishlistName = line(WISHLIST_LIMITS.nameChars, 'a name');
const quantity = z.number().int('Whole models').min(1, 'At least one').max(WISHLIST_LIMITS.quantityMax);

export const createWishlistInput = z.strictObject({
  name: wishlistName,
  description: clearableText(WISHLIST_LIMITS.descriptionChars).optional(),
  isPublic: z.boolean().default(false),
});
export type CreateWishlistInput = z.infer<typeof createWishlistInput>;

export const updateWishlistInput = z
  .strictObject({
    id: idSchema,
    name: wishlistName.optional(),
    description: clearableText(WISHLIST_LIMITS.descriptionChars).optional(),
    isPublic: z.boolean().optional(),
  })
  .refine(
    (input) => input.name !== undefined || input.description !== undefined || input.isPublic !== undefined,
    'Nothing to update',
  );
export type UpdateWishlistInput = z.infer<typeof updateWishlistInput>;

export const wishlistIdInput = z.strictObject({ id: idSchema });

/** `ownerUsername` omitted: the signed-in user's lists; otherwise that user's public lists. */
export const wishlistListInput = z
  .strictObject({ ownerUsername: ownerUsernameSchema.optional() })
  .default({});
export type WishlistListInput = z.infer<typeof wishlistListInput>;

export const shareTokenInput = z.strictObject({
  token: z
    .string()
    .min(16, 'Not a valid share link')
    .max(WISHLIST_LIMITS.shareTokenChars, 'Not a valid share link')
    .regex(/^[A-Za-z0-9_-]+$/, 'Not a valid share link'),
});

/** From the catalogue (`modelId`; `name` then overrides its name) or free text (`name`). */
export const addWishlistItemInput = z
  .strictObject({
    wishlistId: idSchema,
    modelId: idSchema.optional(),
    name: line(COLLECTION_LIMITS.nameChars, 'a name').optional(),
    factionId: idSchema.optional(),
    gameSystemId: idSchema.optional(),
    quantity: quantity.default(1),
    priority: wishlistPrioritySchema.default('medium'),
    estimatedPrice: purchasePriceSchema.optional(),
    currency: currencySchema.optional(),
    productUrl: productUrlSchema.optional(),
    notes: clearableText(WISHLIST_LIMITS.itemNotesChars).optional(),
  })
  .refine((input) => input.modelId !== undefined || input.name !== undefined, {
    message: 'Pick a catalogue model or name what you want',
    path: ['name'],
  });
export type AddWishlistItemInput = z.infer<typeof addWishlistItemInput>;

export const updateWishlistItemInput = z
  .strictObject({
    itemId: idSchema,
    name: line(COLLECTION_LIMITS.nameChars, 'a name').optional(),
    quantity: quantity.optional(),
    priority: wishlistPrioritySchema.optional(),
    estimatedPrice: purchasePriceSchema.nullable().optional(),
    currency: currencySchema.optional(),
    productUrl: productUrlSchema.nullable().optional(),
    notes: clearableText(WISHLIST_LIMITS.itemNotesChars).optional(),
  })
  .refine(
    (input) => Object.entries(input).some(([key, value]) => key !== 'itemId' && value !== undefined),
    'Nothing to update',
  );
export type UpdateWishlistItemInput = z.infer<typeof updateWishlistItemInput>;

export const wishlistItemIdInput = z.strictObject({ itemId: idSchema });

/** "Bought it": the item goes into the collection and is marked bought on the list. */
export const markBoughtInput = z.strictObject({
  itemId: idSchema,
  quantity,
  /** Per unit, in `currency` (default: the wishlist item's currency). */
  purchasePrice: purchasePriceSchema.optional(),
  currency: currencySchema.optional(),
  purchaseDate: calendarDateSchema.optional(),
  purchaseLocation: line(COLLECTION_LIMITS.purchaseLocationChars, 'a place').optional(),
});
export type MarkBoughtInput = z.infer<typeof markBoughtInput>;

import { z } from 'zod';
import { COLLECTION_LIMITS, ownerUsernameSchema } from './collection.ts';

export const ARMY_LIMITS = {
  nameChars: 255,
  descriptionChars: 5_000,
  pointsLimitMin: 1,
  pointsLimitMax: 100_000,
  entryNotesChars: 2_000,
  /** An entry's quantity; the service also holds it to the item's owned quantity. */
  quantityMax: COLLECTION_LIMITS.quantityMax,
  pageDefault: 20,
  pageMax: 100,
} as const;

/** Where an army's points total stands against its limit. */
export const ARMY_POINTS_STATES = ['under', 'at', 'over'] as const;
export type ArmyPointsState = (typeof ARMY_POINTS_STATES)[number];

const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t\r])*$/u;

const idSchema = z.uuid('Not a valid id');

const armyName = z
  .string()
  .trim()
  .min(1, 'Name the army')
  .max(ARMY_LIMITS.nameChars, `Use at most ${ARMY_LIMITS.nameChars} characters`)
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

export const pointsLimitSchema = z
  .number('Enter a points limit')
  .int('Whole points')
  .min(ARMY_LIMITS.pointsLimitMin, 'At least 1 point')
  .max(ARMY_LIMITS.pointsLimitMax, `At most ${ARMY_LIMITS.pointsLimitMax.toLocaleString('en')} points`);

export const armyQuantitySchema = z
  .number('Enter a quantity')
  .int('Whole models')
  .min(1, 'At least one')
  .max(ARMY_LIMITS.quantityMax);

/** An army for one faction; the game system is the faction's (given as well, it must agree). */
export const createArmyInput = z.strictObject({
  name: armyName,
  factionId: idSchema,
  gameSystemId: idSchema.optional(),
  pointsLimit: pointsLimitSchema,
  description: clearableText(ARMY_LIMITS.descriptionChars).optional(),
  /** Armies are private unless made public. */
  isPublic: z.boolean().default(false),
});
export type CreateArmyInput = z.infer<typeof createArmyInput>;

export const updateArmyInput = z
  .strictObject({
    id: idSchema,
    name: armyName.optional(),
    pointsLimit: pointsLimitSchema.optional(),
    description: clearableText(ARMY_LIMITS.descriptionChars).optional(),
    isPublic: z.boolean().optional(),
  })
  .refine(
    (input) => Object.entries(input).some(([key, value]) => key !== 'id' && value !== undefined),
    'Nothing to update',
  );
export type UpdateArmyInput = z.infer<typeof updateArmyInput>;

export const armyIdInput = z.strictObject({ id: idSchema });

/** `ownerUsername` omitted: the signed-in user's own armies; otherwise that user's public armies. */
export const armyListInput = z.strictObject({
  ownerUsername: ownerUsernameSchema.optional(),
  cursor: idSchema.nullish(),
  limit: z.number().int().min(1).max(ARMY_LIMITS.pageMax).default(ARMY_LIMITS.pageDefault),
});
export type ArmyListInput = z.infer<typeof armyListInput>;

/** One of the viewer's own collection items into the army, at most as many as they own. */
export const addArmyEntryInput = z.strictObject({
  armyId: idSchema,
  userModelId: idSchema,
  quantity: armyQuantitySchema.default(1),
  notes: clearableText(ARMY_LIMITS.entryNotesChars).optional(),
});
export type AddArmyEntryInput = z.infer<typeof addArmyEntryInput>;

export const updateArmyEntryInput = z
  .strictObject({
    entryId: idSchema,
    quantity: armyQuantitySchema.optional(),
    notes: clearableText(ARMY_LIMITS.entryNotesChars).optional(),
  })
  .refine((input) => input.quantity !== undefined || input.notes !== undefined, 'Nothing to update');
export type UpdateArmyEntryInput = z.infer<typeof updateArmyEntryInput>;

export const armyEntryIdInput = z.strictObject({ entryId: idSchema });

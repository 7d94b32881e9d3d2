import {
  CUSTOM_FIELD_LIMITS,
  calendarDateSchema,
  type CreateCustomFieldInput,
  type CustomFieldType,
  type CustomFieldValue,
  type UpdateCustomFieldInput,
} from '@plastic-crack/api-contract';
import { Prisma, type Db } from '@plastic-crack/db';
import { badInput, conflict, notFound } from '../errors.ts';

/**
 * Custom fields: columns a collector adds to their own collection (text, number, date, boolean,
 * dropdown, multiselect). Definitions live in custom_fields, values in model_custom_fields (one row
 * per item and field, deleted with either by FK cascade).
 *
 * Rules decided here:
 *   - At most 30 fields per user; names unique per user, ignoring case.
 *   - The type is fixed once created; the name, options and "required" can change. Renaming keeps
 *     every value (values point at the field's id, not its name).
 *   - Removing an option removes it from the values that used it (a dropdown value is deleted, a
 *     multiselect loses that entry), in the same transaction.
 *   - "Required" applies to items being created, and to an update that edits custom-field values
 *     (its result must hold every required field). Items that existed before a field became required
 *     stay valid, and edits that do not touch custom fields (stage, tags, bulk edits) never fail on it.
 *   - Values are private to the owner: other people never see them, nor filter by them.
 */

export interface FieldDefinition {
  id: string;
  name: string;
  fieldType: CustomFieldType;
  options: string[] | null;
  isRequired: boolean;
}

export interface CustomFieldView extends FieldDefinition {
  createdAt: string;
  /** How many items have a value for it. */
  valueCount: number;
}

type Client = Db | Prisma.TransactionClient;

const definitionSelect = {
  id: true,
  name: true,
  fieldType: true,
  options: true,
  isRequired: true,
} satisfies Prisma.CustomFieldSelect;

function toDefinition(
  row: Prisma.CustomFieldGetPayload<{ select: typeof definitionSelect }>,
): FieldDefinition {
  return {
    id: row.id,
    name: row.name,
    fieldType: row.fieldType,
    options: Array.isArray(row.options) ? row.options.filter((option) => typeof option === 'string') : null,
    isRequired: row.isRequired,
  };
}

/** A user's field definitions by id. */
export async function loadDefinitions(db: Client, userId: string): Promise<Map<string, FieldDefinition>> {
  const rows = await db.customField.findMany({ where: { userId }, select: definitionSelect });
  return new Map(rows.map((row) => [row.id, toDefinition(row)]));
}

export async function listFields(db: Db, userId: string): Promise<CustomFieldView[]> {
  const rows = await db.customField.findMany({
    where: { userId },
    select: { ...definitionSelect, createdAt: true, _count: { select: { values: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((row) => ({
    ...toDefinition(row),
    createdAt: row.createdAt.toISOString(),
    valueCount: row._count.values,
  }));
}

async function viewOf(db: Client, userId: string, id: string): Promise<CustomFieldView> {
  const row = await db.customField.findFirst({
    where: { id, userId },
    select: { ...definitionSelect, createdAt: true, _count: { select: { values: true } } },
  });
  if (!row) throw notFound('Custom field');
  return { ...toDefinition(row), createdAt: row.createdAt.toISOString(), valueCount: row._count.values };
}

/** Serialises one user's field changes, so the per-user limit and name uniqueness cannot race. */
async function lockUserFields(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${'custom_fields:' + userId}, 0))`;
}

async function assertNameFree(tx: Prisma.TransactionClient, userId: string, name: string, exceptId?: string) {
  const taken = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM custom_fields
    WHERE user_id = ${userId}::uuid AND lower(name) = lower(${name})
      AND (${exceptId ?? null}::uuid IS NULL OR id <> ${exceptId ?? null}::uuid)`;
  if (taken.length > 0) throw conflict(`You already have a field called "${name}"`);
}

export async function createField(
  db: Db,
  userId: string,
  input: CreateCustomFieldInput,
): Promise<CustomFieldView> {
  const id = await db.$transaction(async (tx) => {
    await lockUserFields(tx, userId);
    const count = await tx.customField.count({ where: { userId } });
    if (count >= CUSTOM_FIELD_LIMITS.fieldsPerUser) {
      throw badInput(`You can have at most ${CUSTOM_FIELD_LIMITS.fieldsPerUser} custom fields`);
    }
    await assertNameFree(tx, userId, input.name);
    const created = await tx.customField.create({
      data: {
        userId,
        name: input.name,
        fieldType: input.fieldType,
        options: input.options ?? Prisma.DbNull,
        isRequired: input.isRequired,
      },
      select: { id: true },
    });
    return created.id;
  });
  return viewOf(db, userId, id);
}

export async function updateField(
  db: Db,
  userId: string,
  input: UpdateCustomFieldInput,
): Promise<CustomFieldView> {
  await db.$transaction(async (tx) => {
    await lockUserFields(tx, userId);
    const field = await tx.customField.findFirst({
      where: { id: input.id, userId },
      select: definitionSelect,
    });
    if (!field) throw notFound('Custom field');
    const isChoice = field.fieldType === 'dropdown' || field.fieldType === 'multiselect';
    if (input.options && !isChoice)
      throw badInput('Only dropdown and multiselect fields have options', 'options');
    if (input.name !== undefined) await assertNameFree(tx, userId, input.name, field.id);
    await tx.customField.update({
      where: { id: field.id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.options !== undefined && { options: input.options }),
        ...(input.isRequired !== undefined && { isRequired: input.isRequired }),
      },
    });
    if (input.options) await dropRemovedOptions(tx, field.id, field.fieldType, input.options);
  });
  return viewOf(db, userId, input.id);
}

/** Values that used an option no longer offered lose it (an emptied multiselect is removed). */
async function dropRemovedOptions(
  tx: Prisma.TransactionClient,
  fieldId: string,
  fieldType: CustomFieldType,
  options: string[],
): Promise<void> {
  if (fieldType === 'dropdown') {
    await tx.$executeRaw`
      DELETE FROM model_custom_fields
      WHERE custom_field_id = ${fieldId}::uuid AND NOT ((value #>> '{}') = ANY(${options}::text[]))`;
    return;
  }
  await tx.$executeRaw`
    UPDATE model_custom_fields
    SET value = (
      SELECT coalesce(jsonb_agg(option ORDER BY ordinality), '[]'::jsonb)
      FROM jsonb_array_elements_text(value) WITH ORDINALITY AS kept(option, ordinality)
      WHERE option = ANY(${options}::text[])
    )
    WHERE custom_field_id = ${fieldId}::uuid AND jsonb_typeof(value) = 'array'
      AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(value) AS used(option) WHERE NOT (option = ANY(${options}::text[])))`;
  await tx.$executeRaw`
    DELETE FROM model_custom_fields WHERE custom_field_id = ${fieldId}::uuid AND value = '[]'::jsonb`;
}

/** Deletes the field; its values go with it (ON DELETE CASCADE on model_custom_fields). */
export async function deleteField(db: Db, userId: string, id: string): Promise<{ id: string }> {
  const { count } = await db.customField.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound('Custom field');
  return { id };
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

export type StoredValue = string | number | boolean | string[];

export interface ValueChanges {
  set: { fieldId: string; value: StoredValue }[];
  remove: string[];
}

const TEXT_PATTERN = /^(?:[^\p{Cc}]|[\n\t\r])*$/u;
const NUMBER_LIMIT = 1e12;

/** One value checked against its definition; null means "no value" (removed or left empty). */
function normaliseValue(field: FieldDefinition, value: CustomFieldValue): StoredValue | null {
  const wrong = (what: string) => badInput(`"${field.name}" ${what}`, `customFields.${field.id}`);
  switch (field.fieldType) {
    case 'text': {
      if (typeof value !== 'string') throw wrong('takes text');
      const text = value.trim();
      if (!TEXT_PATTERN.test(text)) throw wrong('cannot contain control characters');
      return text === '' ? null : text;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('takes a number');
      if (Math.abs(value) > NUMBER_LIMIT) throw wrong('is out of range');
      return value;
    case 'date':
      if (typeof value !== 'string' || !calendarDateSchema.safeParse(value).success)
        throw wrong('takes a date as YYYY-MM-DD');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('takes yes or no (true or false)');
      return value;
    case 'dropdown': {
      if (typeof value !== 'string') throw wrong('takes one of its options');
      if (value === '') return null;
      if (!field.options?.includes(value)) throw wrong(`has no option "${value}"`);
      return value;
    }
    case 'multiselect': {
      if (!Array.isArray(value)) throw wrong('takes a list of its options');
      const chosen = new Set(value);
      for (const option of chosen)
        if (!field.options?.includes(option)) throw wrong(`has no option "${option}"`);
      // Stored in the field's option order, once each.
      const ordered = (field.options ?? []).filter((option) => chosen.has(option));
      return ordered.length === 0 ? null : ordered;
    }
  }
}

/**
 * Checks values (keyed by field id) against the owner's definitions. `create`: every required field
 * needs a value. `edit`: the item's values after the change (`existing` + these) need every required
 * field.
 */
export function checkValues(
  definitions: Map<string, FieldDefinition>,
  values: Record<string, CustomFieldValue | null>,
  mode: { kind: 'create' } | { kind: 'edit'; existing: Set<string> },
): ValueChanges {
  const changes: ValueChanges = { set: [], remove: [] };
  for (const [fieldId, raw] of Object.entries(values)) {
    const field = definitions.get(fieldId.toLowerCase());
    if (!field)
      throw badInput('One of the custom fields does not exist (it may have been deleted)', 'customFields');
    const value = raw === null ? null : normaliseValue(field, raw);
    if (value === null) changes.remove.push(field.id);
    else changes.set.push({ fieldId: field.id, value });
  }
  const present = new Set(mode.kind === 'edit' ? mode.existing : []);
  for (const fieldId of changes.remove) present.delete(fieldId);
  for (const { fieldId } of changes.set) present.add(fieldId);
  const missing = [...definitions.values()].filter((field) => field.isRequired && !present.has(field.id));
  if (missing.length > 0) {
    throw badInput(`Fill in ${missing.map((field) => `"${field.name}"`).join(', ')}`, 'customFields');
  }
  return changes;
}

/** Writes checked values for one item (inside the item's transaction). */
export async function writeValues(
  tx: Prisma.TransactionClient,
  userModelId: string,
  changes: ValueChanges,
): Promise<void> {
  if (changes.remove.length > 0) {
    await tx.modelCustomField.deleteMany({ where: { userModelId, customFieldId: { in: changes.remove } } });
  }
  for (const { fieldId, value } of changes.set) {
    await tx.modelCustomField.upsert({
      where: { userModelId_customFieldId: { userModelId, customFieldId: fieldId } },
      create: { userModelId, customFieldId: fieldId, value },
      update: { value },
    });
  }
}

/** The values of many items in one query, keyed by item id, then field id. */
export async function valuesFor(
  db: Client,
  userModelIds: string[],
): Promise<Map<string, Record<string, StoredValue>>> {
  const byItem = new Map<string, Record<string, StoredValue>>();
  if (userModelIds.length === 0) return byItem;
  const rows = await db.modelCustomField.findMany({
    where: { userModelId: { in: userModelIds } },
    select: { userModelId: true, customFieldId: true, value: true },
  });
  for (const row of rows) {
    const values = byItem.get(row.userModelId) ?? {};
    values[row.customFieldId] = row.value as StoredValue;
    byItem.set(row.userModelId, values);
  }
  return byItem;
}

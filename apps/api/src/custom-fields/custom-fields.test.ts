import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.ts';
import { createUser, type TestUser } from '../../test/users.ts';
import { createCollection, expectTrpcError } from '../collection/test-helpers.ts';

let app: TestApi;
let owner: TestUser;
let other: TestUser;
beforeAll(async () => {
  app = await startTestApi();
  [owner, other] = await Promise.all([createUser(app), createUser(app)]);
});
afterAll(() => app.close());

/** One field of each type for a fresh user. */
async function fieldsFor(user: TestUser) {
  const create = user.client.customFields.create.mutate;
  return {
    notes: await create({ name: 'Kit notes', fieldType: 'text' }),
    weight: await create({ name: 'Weight (g)', fieldType: 'number' }),
    primed: await create({ name: 'Primed on', fieldType: 'date' }),
    magnetised: await create({ name: 'Magnetised', fieldType: 'boolean' }),
    box: await create({ name: 'Storage box', fieldType: 'dropdown', options: ['Red', 'Blue', 'Green'] }),
    armies: await create({
      name: 'Used in',
      fieldType: 'multiselect',
      options: ['Crusade', 'Kill Team', 'Apocalypse'],
    }),
  };
}

describe('custom field definitions', () => {
  it('creates every type and lists them with how many items use each', async () => {
    const user = await createUser(app);
    const fields = await fieldsFor(user);
    expect(fields.box).toMatchObject({
      name: 'Storage box',
      fieldType: 'dropdown',
      options: ['Red', 'Blue', 'Green'],
      isRequired: false,
      valueCount: 0,
    });
    expect(fields.notes.options).toBeNull();
    await createCollection(user, 1, { customFields: { [fields.box.id]: 'Red' } });
    const listed = await user.client.customFields.list.query();
    expect(listed.map((field) => field.name)).toEqual([
      'Kit notes',
      'Weight (g)',
      'Primed on',
      'Magnetised',
      'Storage box',
      'Used in',
    ]);
    expect(listed.find((field) => field.id === fields.box.id)?.valueCount).toBe(1);
    // Nobody else's fields show up.
    expect(await other.client.customFields.list.query()).toEqual([]);
  });

  it('refuses bad definitions, writing nothing', async () => {
    const user = await createUser(app);
    for (const input of [
      { name: '', fieldType: 'text' },
      { name: 'x'.repeat(101), fieldType: 'text' },
      { name: 'Colour', fieldType: 'colour' },
      { name: 'Box', fieldType: 'dropdown' },
      { name: 'Box', fieldType: 'dropdown', options: [] },
      { name: 'Box', fieldType: 'dropdown', options: ['A', 'a'] },
      { name: 'Box', fieldType: 'multiselect', options: Array.from({ length: 51 }, (_, i) => `o${i}`) },
      { name: 'Box', fieldType: 'dropdown', options: ['x'.repeat(101)] },
      { name: 'Notes', fieldType: 'text', options: ['A'] },
      { name: 'Notes', fieldType: 'text', extra: 1 },
    ]) {
      await expectTrpcError(user.client.customFields.create.mutate(input as never), 'BAD_REQUEST');
    }
    expect(await app.database.db.customField.count({ where: { userId: user.id } })).toBe(0);
  });

  it('keeps names unique per user, ignoring case', async () => {
    const user = await createUser(app);
    const first = await user.client.customFields.create.mutate({ name: 'Paint Scheme', fieldType: 'text' });
    await expectTrpcError(
      user.client.customFields.create.mutate({ name: 'paint scheme', fieldType: 'number' }),
      'CONFLICT',
    );
    const second = await user.client.customFields.create.mutate({ name: 'Base size', fieldType: 'text' });
    await expectTrpcError(
      user.client.customFields.update.mutate({ id: second.id, name: 'PAINT SCHEME' }),
      'CONFLICT',
    );
    // Another user may use the same name; renaming to a new case of one's own name is fine.
    await other.client.customFields.create.mutate({ name: 'Paint Scheme', fieldType: 'text' });
    expect((await user.client.customFields.update.mutate({ id: first.id, name: 'PAINT scheme' })).name).toBe(
      'PAINT scheme',
    );
  });

  it('allows at most 30 fields per user, even when created at once', async () => {
    const user = await createUser(app);
    const attempts = await Promise.allSettled(
      // A client each, so they arrive as separate requests rather than one batch.
      Array.from({ length: 34 }, (_, i) =>
        app
          .client(() => ({ cookie: user.cookie }))
          .customFields.create.mutate({ name: `Field ${i}`, fieldType: 'text' }),
      ),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(30);
    expect(await app.database.db.customField.count({ where: { userId: user.id } })).toBe(30);
    await expectTrpcError(
      user.client.customFields.create.mutate({ name: 'One more', fieldType: 'text' }),
      'BAD_REQUEST',
    );
  });

  it('does not change a field type, and refuses options on a non-choice field', async () => {
    const user = await createUser(app);
    const field = await user.client.customFields.create.mutate({ name: 'Weight', fieldType: 'number' });
    await expectTrpcError(
      user.client.customFields.update.mutate({ id: field.id, fieldType: 'text' } as never),
      'BAD_REQUEST',
    );
    await expectTrpcError(
      user.client.customFields.update.mutate({ id: field.id, options: ['A'] }),
      'BAD_REQUEST',
    );
    await expectTrpcError(user.client.customFields.update.mutate({ id: field.id }), 'BAD_REQUEST');
    expect(await app.database.db.customField.findUniqueOrThrow({ where: { id: field.id } })).toMatchObject({
      fieldType: 'number',
      options: null,
    });
  });

  it("refuses anonymous callers and another user's changes", async () => {
    const field = await owner.client.customFields.create.mutate({ name: 'Private thing', fieldType: 'text' });
    await expectTrpcError(app.client().customFields.list.query(), 'UNAUTHORIZED');
    await expectTrpcError(
      app.client().customFields.create.mutate({ name: 'X', fieldType: 'text' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(
      app.client().customFields.update.mutate({ id: field.id, name: 'Anon' }),
      'UNAUTHORIZED',
    );
    await expectTrpcError(app.client().customFields.delete.mutate({ id: field.id }), 'UNAUTHORIZED');
    await expectTrpcError(owner.client.customFields.delete.mutate({ id: 'nope' }), 'BAD_REQUEST');
    await expectTrpcError(
      other.client.customFields.update.mutate({ id: field.id, name: 'Hijacked' }),
      'NOT_FOUND',
    );
    await expectTrpcError(other.client.customFields.delete.mutate({ id: field.id }), 'NOT_FOUND');
    expect(await app.database.db.customField.findUniqueOrThrow({ where: { id: field.id } })).toMatchObject({
      name: 'Private thing',
    });
  });
});

describe('custom field values', () => {
  it('stores values checked against each definition and returns them keyed by field id', async () => {
    const user = await createUser(app);
    const f = await fieldsFor(user);
    const item = await user.client.collection.add.mutate({
      name: 'Leviathan Dreadnought',
      customFields: {
        [f.notes.id]: '  Forge World resin  ',
        [f.weight.id]: 312.5,
        [f.primed.id]: '2024-05-01',
        [f.magnetised.id]: true,
        [f.box.id]: 'Blue',
        [f.armies.id]: ['Apocalypse', 'Crusade', 'Crusade'],
      },
    });
    const expected = {
      [f.notes.id]: 'Forge World resin',
      [f.weight.id]: 312.5,
      [f.primed.id]: '2024-05-01',
      [f.magnetised.id]: true,
      [f.box.id]: 'Blue',
      [f.armies.id]: ['Crusade', 'Apocalypse'], // once each, in the field's option order
    };
    expect(item.ownerDetails?.customFields).toEqual(expected);
    const listed = await user.client.collection.list.query({});
    expect(listed.items[0]?.ownerDetails?.customFields).toEqual(expected);

    // An update changes only the keys given; null (or an empty value) removes one.
    const updated = await user.client.collection.update.mutate({
      id: item.id,
      customFields: { [f.weight.id]: null, [f.notes.id]: '   ', [f.box.id]: 'Green' },
    });
    expect(updated.ownerDetails?.customFields).toEqual({
      [f.primed.id]: '2024-05-01',
      [f.magnetised.id]: true,
      [f.box.id]: 'Green',
      [f.armies.id]: ['Crusade', 'Apocalypse'],
    });
  });

  it('refuses a value that does not fit its field, and fields that are not the owner’s, writing nothing', async () => {
    const user = await createUser(app);
    const f = await fieldsFor(user);
    const stranger = await other.client.customFields.create.mutate({
      name: `Theirs ${Date.now()}`,
      fieldType: 'text',
    });
    const before = await app.database.db.userModel.count({ where: { userId: user.id } });
    for (const [fieldId, value, message] of [
      [f.notes.id, 12, /takes text/],
      [f.weight.id, '12', /takes a number/],
      [f.primed.id, '2024-13-01', /date/],
      [f.primed.id, 20240501, /date/],
      [f.magnetised.id, 'yes', /yes or no/],
      [f.box.id, 'Purple', /no option "Purple"/],
      [f.box.id, ['Red'], /one of its options/],
      [f.armies.id, ['Crusade', 'Narrative'], /no option "Narrative"/],
      [f.armies.id, 'Crusade', /list of its options/],
      [stranger.id, 'x', /does not exist/],
      ['00000000-0000-4000-8000-000000000000', 'x', /does not exist/],
    ] as const) {
      const error = await expectTrpcError(
        user.client.collection.add.mutate({ name: 'Bad value', customFields: { [fieldId]: value as never } }),
        'BAD_REQUEST',
      );
      expect(error.message).toMatch(message);
    }
    expect(await app.database.db.userModel.count({ where: { userId: user.id } })).toBe(before);
    expect(await app.database.db.modelCustomField.count({ where: { customFieldId: stranger.id } })).toBe(0);
  });

  it('requires required fields on new items; existing items stay valid until their values are edited', async () => {
    const user = await createUser(app);
    const optional = await user.client.customFields.create.mutate({ name: 'Sculptor', fieldType: 'text' });
    const [older] = await createCollection(user, 1);
    const required = await user.client.customFields.create.mutate({
      name: 'Box',
      fieldType: 'dropdown',
      options: ['A', 'B'],
      isRequired: true,
    });

    const missing = await expectTrpcError(
      user.client.collection.add.mutate({ name: 'New kit' }),
      'BAD_REQUEST',
    );
    expect(missing.message).toBe('Fill in "Box"');
    const added = await user.client.collection.add.mutate({
      name: 'New kit',
      customFields: { [required.id]: 'A' },
    });
    expect(added.ownerDetails?.customFields).toEqual({ [required.id]: 'A' });

    // The older item still reads, lists and takes edits that do not touch custom fields.
    expect((await user.client.collection.get.query({ id: older! })).ownerDetails?.customFields).toEqual({});
    expect((await user.client.collection.list.query({})).items).toHaveLength(2);
    await user.client.collection.setStage.mutate({ id: older!, paintingStatus: 'primed' });
    await user.client.collection.update.mutate({ id: older!, quantity: 3 });
    await user.client.collection.bulkEdit.mutate({ ids: [older!, added.id], addTags: ['sorted'] });
    // Editing its values makes it meet the rule.
    await expectTrpcError(
      user.client.collection.update.mutate({ id: older!, customFields: { [optional.id]: 'Someone' } }),
      'BAD_REQUEST',
    );
    const fixed = await user.client.collection.update.mutate({
      id: older!,
      customFields: { [optional.id]: 'Someone', [required.id]: 'B' },
    });
    expect(fixed.ownerDetails?.customFields).toEqual({ [optional.id]: 'Someone', [required.id]: 'B' });
    // …and a required value cannot be removed.
    await expectTrpcError(
      user.client.collection.update.mutate({ id: added.id, customFields: { [required.id]: null } }),
      'BAD_REQUEST',
    );
    expect(await app.database.db.modelCustomField.count({ where: { customFieldId: required.id } })).toBe(2);
  });

  it('keeps values on rename, trims values of removed options, and deletes values with their field', async () => {
    const user = await createUser(app);
    const box = await user.client.customFields.create.mutate({
      name: 'Box',
      fieldType: 'dropdown',
      options: ['A', 'B', 'C'],
    });
    const used = await user.client.customFields.create.mutate({
      name: 'Used',
      fieldType: 'multiselect',
      options: ['X', 'Y', 'Z'],
    });
    const [first, second] = await createCollection(user, 2, (i) => ({
      customFields: { [box.id]: i === 0 ? 'A' : 'B', [used.id]: i === 0 ? ['X', 'Y'] : ['Y'] },
    }));

    const renamed = await user.client.customFields.update.mutate({ id: box.id, name: 'Crate' });
    expect(renamed).toMatchObject({ name: 'Crate', valueCount: 2 });
    expect((await user.client.collection.get.query({ id: first! })).ownerDetails?.customFields[box.id]).toBe(
      'A',
    );

    await user.client.customFields.update.mutate({ id: box.id, options: ['A', 'C'] });
    await user.client.customFields.update.mutate({ id: used.id, options: ['X', 'Z'] });
    expect((await user.client.collection.get.query({ id: first! })).ownerDetails?.customFields).toEqual({
      [box.id]: 'A',
      [used.id]: ['X'],
    });
    expect((await user.client.collection.get.query({ id: second! })).ownerDetails?.customFields).toEqual({});

    expect(await user.client.customFields.delete.mutate({ id: box.id })).toEqual({ id: box.id });
    // ON DELETE CASCADE removed the values too.
    expect(await app.database.db.modelCustomField.count({ where: { customFieldId: box.id } })).toBe(0);
    expect((await user.client.collection.get.query({ id: first! })).ownerDetails?.customFields).toEqual({
      [used.id]: ['X'],
    });
  });

  it('never shows values to anyone but the owner', async () => {
    const user = await createUser(app);
    const field = await user.client.customFields.create.mutate({
      name: 'Insured value',
      fieldType: 'number',
    });
    const [id] = await createCollection(user, 1, { customFields: { [field.id]: 900 } });
    expect((await other.client.collection.get.query({ id: id! })).ownerDetails).toBeNull();
    const listed = await other.client.collection.list.query({ ownerUsername: user.username });
    expect(listed.items[0]?.ownerDetails).toBeNull();
    expect(JSON.stringify(listed)).not.toContain('900');
  });
});

describe('filtering the collection by custom fields', () => {
  let user: TestUser;
  let f: Awaited<ReturnType<typeof fieldsFor>>;
  const names = async (filters: object) =>
    (await user.client.collection.list.query({ filters: filters as never, sort: { by: 'name' } })).items.map(
      (item) => item.name,
    );

  beforeAll(async () => {
    user = await createUser(app);
    f = await fieldsFor(user);
    await user.client.collection.add.mutate({
      name: 'Alpha',
      customFields: {
        [f.notes.id]: 'Forge World resin',
        [f.weight.id]: 300,
        [f.primed.id]: '2024-01-10',
        [f.magnetised.id]: true,
        [f.box.id]: 'Red',
        [f.armies.id]: ['Crusade', 'Kill Team'],
      },
    });
    await user.client.collection.add.mutate({
      name: 'Bravo',
      customFields: {
        [f.notes.id]: 'plastic',
        [f.weight.id]: 45.5,
        [f.primed.id]: '2024-06-01',
        [f.magnetised.id]: false,
        [f.box.id]: 'Blue',
        [f.armies.id]: ['Kill Team'],
      },
    });
    await user.client.collection.add.mutate({ name: 'Charlie', customFields: { [f.box.id]: 'Red' } });
  });

  it.each([
    ['text equals, any case', () => ({ fieldId: f.notes.id, op: 'equals', value: 'PLASTIC' }), ['Bravo']],
    ['text contains', () => ({ fieldId: f.notes.id, op: 'contains', value: 'world' }), ['Alpha']],
    ['number equals', () => ({ fieldId: f.weight.id, op: 'equals', value: 45.5 }), ['Bravo']],
    ['number range', () => ({ fieldId: f.weight.id, op: 'range', min: 100 }), ['Alpha']],
    [
      'date range',
      () => ({ fieldId: f.primed.id, op: 'range', min: '2024-02-01', max: '2024-12-31' }),
      ['Bravo'],
    ],
    ['date equals', () => ({ fieldId: f.primed.id, op: 'equals', value: '2024-01-10' }), ['Alpha']],
    ['boolean', () => ({ fieldId: f.magnetised.id, op: 'equals', value: false }), ['Bravo']],
    ['dropdown equals', () => ({ fieldId: f.box.id, op: 'equals', value: 'Red' }), ['Alpha', 'Charlie']],
    ['dropdown any of', () => ({ fieldId: f.box.id, op: 'anyOf', values: ['Blue', 'Green'] }), ['Bravo']],
    [
      'multiselect any of',
      () => ({ fieldId: f.armies.id, op: 'anyOf', values: ['Crusade', 'Apocalypse'] }),
      ['Alpha'],
    ],
    [
      'multiselect all of',
      () => ({ fieldId: f.armies.id, op: 'allOf', values: ['Kill Team'] }),
      ['Alpha', 'Bravo'],
    ],
    ['is set', () => ({ fieldId: f.weight.id, op: 'isSet' }), ['Alpha', 'Bravo']],
    ['is empty', () => ({ fieldId: f.weight.id, op: 'isEmpty' }), ['Charlie']],
  ] as const)('%s', async (_label, filter, expected) => {
    expect(await names({ customFields: [filter()] })).toEqual(expected);
  });

  it('combines custom-field filters with each other and with the other filters', async () => {
    expect(
      await names({
        customFields: [
          { fieldId: f.box.id, op: 'equals', value: 'Red' },
          { fieldId: f.magnetised.id, op: 'isEmpty' },
        ],
        stages: ['unpainted'],
      }),
    ).toEqual(['Charlie']);
  });

  it('refuses filters that do not fit the field, unknown fields, and other people’s collections', async () => {
    for (const filter of [
      { fieldId: f.armies.id, op: 'equals', value: 'Crusade' },
      { fieldId: f.box.id, op: 'allOf', values: ['Red'] },
      { fieldId: f.weight.id, op: 'contains', value: '4' },
      { fieldId: f.weight.id, op: 'equals', value: 'heavy' },
      { fieldId: f.weight.id, op: 'range', min: '2024-01-01' },
      { fieldId: f.primed.id, op: 'equals', value: 'soon' },
      { fieldId: f.weight.id, op: 'range' },
      { fieldId: '00000000-0000-4000-8000-000000000000', op: 'isSet' },
    ]) {
      await expectTrpcError(
        user.client.collection.list.query({ filters: { customFields: [filter as never] } }),
        'BAD_REQUEST',
      );
    }
    const error = await expectTrpcError(
      other.client.collection.list.query({
        ownerUsername: user.username,
        filters: { customFields: [{ fieldId: f.box.id, op: 'isSet' }] },
      }),
      'BAD_REQUEST',
    );
    expect(error.message).toMatch(/private/);
  });
});

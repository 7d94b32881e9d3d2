import { z } from 'zod';

const KIB = 1024;
const MIB = 1024 * KIB;

/** Image types an upload may have; `supported_image_types` picks a subset. */
export const imageTypeSchema = z.enum(['jpg', 'jpeg', 'png', 'webp', 'gif', 'avif', 'heic']);

/** Every app setting with the type of its value. A key not listed here is refused. */
export const appSettingSchemas = {
  maintenance_mode: z.boolean(),
  max_upload_size: z
    .number()
    .int()
    .min(KIB, 'At least 1 KiB')
    .max(50 * MIB, 'At most 50 MiB'),
  supported_image_types: z
    .array(imageTypeSchema)
    .min(1, 'Allow at least one type')
    .max(imageTypeSchema.options.length)
    .refine((types) => new Set(types).size === types.length, 'List each type once'),
} as const;

export type AppSettingKey = keyof typeof appSettingSchemas;
export type AppSettings = { [K in AppSettingKey]: z.infer<(typeof appSettingSchemas)[K]> };
export const appSettingKeySchema = z.enum(
  Object.keys(appSettingSchemas) as [AppSettingKey, ...AppSettingKey[]],
);

export const updateAppSettingInput = z.discriminatedUnion('key', [
  z.object({ key: z.literal('maintenance_mode'), value: appSettingSchemas.maintenance_mode }),
  z.object({ key: z.literal('max_upload_size'), value: appSettingSchemas.max_upload_size }),
  z.object({ key: z.literal('supported_image_types'), value: appSettingSchemas.supported_image_types }),
]);
export type UpdateAppSettingInput = z.infer<typeof updateAppSettingInput>;

export const listUsersInput = z.object({
  /** Part of a username or e-mail address. */
  search: z.string().trim().min(1).max(100).optional(),
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListUsersInput = z.infer<typeof listUsersInput>;

export const userIdInput = z.object({ userId: z.uuid() });

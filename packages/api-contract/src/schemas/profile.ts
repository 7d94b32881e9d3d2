import { z } from 'zod';

export const privacyLevelSchema = z.enum(['public', 'friends', 'private']);
export type PrivacyLevel = z.infer<typeof privacyLevelSchema>;

export const experienceLevelSchema = z.enum(['beginner', 'intermediate', 'advanced', 'expert']);
export type ExperienceLevel = z.infer<typeof experienceLevelSchema>;

// ---------------------------------------------------------------------------------------------
// Preferences (stored in the users.notification_preferences / ai_preferences JSONB columns)
// ---------------------------------------------------------------------------------------------

/** Where one kind of notification is delivered. */
export const notificationChannelsSchema = z.strictObject({
  inApp: z.boolean(),
  push: z.boolean(),
  email: z.boolean(),
});
export type NotificationChannels = z.infer<typeof notificationChannelsSchema>;

export const digestFrequencySchema = z.enum(['never', 'daily', 'weekly']);

/** One entry per kind of notification the app sends (friend_request and friend_accepted share one). */
export const notificationPreferencesSchema = z.strictObject({
  like: notificationChannelsSchema,
  comment: notificationChannelsSchema,
  follow: notificationChannelsSchema,
  friendRequest: notificationChannelsSchema,
  message: notificationChannelsSchema,
  achievement: notificationChannelsSchema,
  priceAlert: notificationChannelsSchema,
  helpAnswer: notificationChannelsSchema,
  system: notificationChannelsSchema,
  reminder: notificationChannelsSchema,
  /** E-mail summary of unread activity. */
  digest: digestFrequencySchema,
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

const channels = (inApp: boolean, push: boolean, email: boolean): NotificationChannels => ({
  inApp,
  push,
  email,
});

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  like: channels(true, false, false),
  comment: channels(true, true, false),
  follow: channels(true, false, false),
  friendRequest: channels(true, true, false),
  message: channels(true, true, false),
  achievement: channels(true, false, false),
  priceAlert: channels(true, true, true),
  helpAnswer: channels(true, true, false),
  system: channels(true, false, true),
  reminder: channels(true, true, false),
  digest: 'weekly',
};

export const aiPreferencesSchema = z.strictObject({
  /** Suggest colour schemes for models in the collection. */
  colourSchemeSuggestions: z.boolean(),
  /** Recommend kits to buy (shown in the wishlist and feed). */
  purchaseRecommendations: z.boolean(),
  /** Tag uploaded photos automatically. */
  autoTagPhotos: z.boolean(),
  /** Let the AI read the collection and painting history to personalise its suggestions. */
  useCollectionData: z.boolean(),
  /** The skill level technique suggestions are pitched at; `fromProfile` follows experienceLevel. */
  skillLevelHint: z.enum(['fromProfile', ...experienceLevelSchema.options]),
});
export type AiPreferences = z.infer<typeof aiPreferencesSchema>;

export const DEFAULT_AI_PREFERENCES: AiPreferences = {
  colourSchemeSuggestions: true,
  purchaseRecommendations: false,
  autoTagPhotos: true,
  useCollectionData: true,
  skillLevelHint: 'fromProfile',
};

/**
 * Reads a stored preferences object field by field: a missing or malformed field (an older row, a
 * category added since) takes its default instead of failing the whole read.
 */
function withDefaults<T extends Record<string, unknown>>(schema: z.ZodObject, defaults: T) {
  return (stored: unknown): T => {
    const source =
      typeof stored === 'object' && stored !== null && !Array.isArray(stored)
        ? (stored as Record<string, unknown>)
        : {};
    const result: Record<string, unknown> = { ...defaults };
    for (const key of Object.keys(defaults)) {
      const field = schema.shape[key];
      const parsed = field?.safeParse(source[key]);
      if (parsed?.success) result[key] = parsed.data;
    }
    return result as T;
  };
}

export const readNotificationPreferences = withDefaults(
  notificationPreferencesSchema,
  DEFAULT_NOTIFICATION_PREFERENCES,
);
export const readAiPreferences = withDefaults(aiPreferencesSchema, DEFAULT_AI_PREFERENCES);

// ---------------------------------------------------------------------------------------------
// Profile inputs
// ---------------------------------------------------------------------------------------------

// Control characters (other than newline and tab in long text) have no place in a profile.
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t\r])*$/u;

/** Optional free text: trimmed, bounded, and an empty string clears the field (stored as null). */
const clearableText = (max: number, pattern: RegExp) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .regex(pattern, 'Remove control characters')
    .transform((value) => (value === '' ? null : value))
    .nullable();

/** A bounded list of short names, de-duplicated case-insensitively (first spelling wins). */
const nameList = (maxItems: number, what: string) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1, `A ${what} cannot be empty`)
        .max(60, `Use at most 60 characters per ${what}`)
        .regex(SINGLE_LINE, 'Remove control characters'),
    )
    .max(maxItems, `Choose at most ${maxItems}`)
    .transform((names) => {
      const seen = new Set<string>();
      return names.filter((name) => {
        const key = name.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    });

export const PROFILE_LIMITS = {
  nameChars: 100,
  bioChars: 2000,
  locationChars: 100,
  gameSystems: 20,
  paintBrands: 30,
} as const;

/** Partial update: only the fields present change; `null` or `''` clears a text field. */
export const profileUpdateInput = z
  .strictObject({
    firstName: clearableText(PROFILE_LIMITS.nameChars, SINGLE_LINE).optional(),
    lastName: clearableText(PROFILE_LIMITS.nameChars, SINGLE_LINE).optional(),
    bio: clearableText(PROFILE_LIMITS.bioChars, MULTI_LINE).optional(),
    location: clearableText(PROFILE_LIMITS.locationChars, SINGLE_LINE).optional(),
    privacySetting: privacyLevelSchema.optional(),
    experienceLevel: experienceLevelSchema.optional(),
    preferredGameSystems: nameList(PROFILE_LIMITS.gameSystems, 'game system').optional(),
    preferredPaintBrands: nameList(PROFILE_LIMITS.paintBrands, 'paint brand').optional(),
    notificationPreferences: notificationPreferencesSchema.optional(),
    aiPreferences: aiPreferencesSchema.optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), 'Nothing to update');
export type ProfileUpdateInput = z.infer<typeof profileUpdateInput>;

export const profileByUsernameInput = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'Enter a username')
    .max(50, 'Use at most 50 characters')
    .regex(/^[A-Za-z0-9_.-]+$/, 'Usernames use letters, numbers, dots, dashes and underscores only'),
});

// ---------------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------------

/** Days between asking for deletion and the account being purged; signing in can cancel it. */
export const ACCOUNT_DELETION_GRACE_DAYS = 14;

/** Accounts with a password confirm with it; OAuth-only accounts type their username instead. */
export const requestDeletionInput = z
  .strictObject({
    password: z.string().min(1, 'Enter your password').max(128).optional(),
    confirmUsername: z.string().trim().min(1, 'Type your username').max(50).optional(),
  })
  .refine(
    (input) => input.password !== undefined || input.confirmUsername !== undefined,
    'Confirm with your password (or, without one, your username)',
  );
export type RequestDeletionInput = z.infer<typeof requestDeletionInput>;

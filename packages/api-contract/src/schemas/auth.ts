import { z } from 'zod';

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'Use at least 3 characters')
  .max(30, 'Use at most 30 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Use letters, numbers, dots, dashes and underscores only');

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(255, 'That address is too long')
  .pipe(z.email('Enter a valid e-mail address'));

export const passwordSchema = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(128, 'Use at most 128 characters');

export const signUpInput = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  /** E-mail address or username. */
  identifier: z.string().trim().min(3, 'Enter your e-mail or username').max(255),
  password: z.string().min(1, 'Enter your password').max(128),
});
export type SignInInput = z.infer<typeof signInInput>;

/** A token from an e-mail link (verification or password reset): 25 random bytes, base32. */
export const emailLinkTokenSchema = z
  .string()
  .trim()
  .min(20, 'This link is incomplete')
  .max(100, 'This link is invalid');

/** A raw session, access or refresh token as the client holds it. */
export const opaqueTokenSchema = z.string().trim().min(20).max(100);

export const devicePlatformSchema = z.enum(['ios', 'android', 'web']);
export type DevicePlatform = z.infer<typeof devicePlatformSchema>;

export const deviceInfoSchema = z.object({
  /** The client's own stable identifier for the installation (e.g. a UUID kept in app storage). */
  deviceId: z.string().trim().min(1).max(255),
  platform: devicePlatformSchema,
  appVersion: z.string().trim().min(1).max(20).optional(),
  osVersion: z.string().trim().min(1).max(20).optional(),
  /** APNs / FCM / Web Push token; null forgets the one stored. */
  pushToken: z.string().trim().min(1).max(4096).nullable().optional(),
  pushEnabled: z.boolean().optional(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export const deviceIdInput = z.object({ id: z.uuid() });
export const setDevicePushInput = z.object({ id: z.uuid(), pushEnabled: z.boolean() });

/** A browser session (hex SHA-256 of its token) or an app sign-in (its refresh-token family, a UUID). */
export const sessionRefSchema = z.union([z.string().regex(/^[0-9a-f]{64}$/), z.uuid()]);
export const revokeSessionInput = z.object({ id: sessionRefSchema });

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(128),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const issueTokenInput = signInInput.extend({ device: deviceInfoSchema.optional() });
export type IssueTokenInput = z.infer<typeof issueTokenInput>;
export const refreshTokenInput = z.object({ refreshToken: opaqueTokenSchema });

export const verifyEmailInput = z.object({ token: emailLinkTokenSchema });
export const requestPasswordResetInput = z.object({ email: emailSchema });
export const resetPasswordInput = z.object({ token: emailLinkTokenSchema, newPassword: passwordSchema });

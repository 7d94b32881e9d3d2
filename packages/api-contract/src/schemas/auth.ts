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

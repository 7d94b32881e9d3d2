import { useCallback, useEffect, useRef, useState } from 'react';
import { z } from 'zod';
import { describeError, type UserFacingError } from './errors.ts';

/** First message per field, ready for a field's `error` prop. */
export type FieldErrors = Record<string, string>;

export type Validated<T> =
  { success: true; data: T } | { success: false; fieldErrors: FieldErrors; formErrors: string[] };

/** Runs a contract schema over form values: the same rules, and words, as the server's. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): Validated<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { success: true, data: result.data };
  const flat = z.flattenError(result.error) as {
    formErrors: string[];
    fieldErrors: Record<string, string[]>;
  };
  const fieldErrors: FieldErrors = {};
  for (const [field, messages] of Object.entries(flat.fieldErrors)) {
    const first = messages?.[0];
    if (first) fieldErrors[field] = first;
  }
  return { success: false, fieldErrors, formErrors: flat.formErrors };
}

/** A problem with the form as a whole, found before it was sent. */
export function inputProblem(message: string): UserFacingError {
  return {
    kind: 'validation',
    title: 'Please check your input',
    message,
    fieldErrors: {},
    formErrors: [message],
    retryAfterSeconds: null,
    retryable: false,
  };
}

/**
 * Values, per-field errors and a form-level failure for one form. Errors come from the contract's
 * zod schema before submitting and from the server after; editing a field clears its error, and
 * each failed submit moves focus to the first invalid field so its message is read out.
 */
export function useForm<T extends Record<string, unknown>>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<UserFacingError | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    if (focusRequest === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusRequest]);

  const set = useCallback(<K extends keyof T>(field: K, value: T[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      if (!(field in current)) return current;
      const { [field as string]: _removed, ...rest } = current;
      return rest;
    });
  }, []);

  /** Validates with the schema; returns the parsed input, or null after showing the errors. */
  const check = <S extends z.ZodType>(schema: S, input: unknown = values): z.output<S> | null => {
    const result = validate(schema, input);
    if (result.success) {
      setErrors({});
      setFormError(null);
      return result.data;
    }
    setErrors(result.fieldErrors);
    setFormError(result.formErrors[0] ? inputProblem(result.formErrors[0]) : null);
    setFocusRequest((count) => count + 1);
    return null;
  };

  /**
   * Shows a failed submit: field errors beside their fields, anything else above the form.
   * `fieldFor` places a domain error the server did not tie to a field ("That username is taken").
   */
  const fail = (error: unknown, fieldFor?: (described: UserFacingError) => string | undefined) => {
    const described = describeError(error);
    const fieldErrors = { ...described.fieldErrors };
    if (Object.keys(fieldErrors).length === 0) {
      const field = fieldFor?.(described);
      if (field) fieldErrors[field] = described.message;
    }
    setErrors(fieldErrors);
    const placed = Object.keys(fieldErrors).length > 0;
    setFormError(placed ? null : described);
    if (placed) setFocusRequest((count) => count + 1);
    return described;
  };

  const reset = useCallback((next: T) => {
    setValues(next);
    setErrors({});
    setFormError(null);
  }, []);

  return { values, set, setValues, errors, setErrors, formError, setFormError, check, fail, reset, formRef };
}

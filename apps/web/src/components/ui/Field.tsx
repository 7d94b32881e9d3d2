import {
  useId,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { cx } from './cx.ts';
import { Icon } from './Icon.tsx';
import './Field.css';

interface FieldBaseProps {
  label: ReactNode;
  /** Help shown under the control while there is no error. */
  hint?: ReactNode;
  /** When set, the control is marked invalid and the message is read out with it. */
  error?: string | null | undefined;
  /** Visually hide the label (it is still the control's accessible name). */
  hideLabel?: boolean;
}

interface ControlIds {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

/** Label, hint and error around one control, wired together with ids. */
export function FieldShell({
  label,
  hint,
  error,
  hideLabel,
  required,
  id: givenId,
  describedBy,
  className,
  children,
}: FieldBaseProps & {
  required?: boolean | undefined;
  id?: string | undefined;
  describedBy?: string | undefined;
  className?: string | undefined;
  children: (ids: ControlIds) => ReactNode;
}) {
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const described = [describedBy, errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cx('pc-field', error && 'pc-field--invalid', className)}>
      <label htmlFor={id} className={cx('pc-field__label', hideLabel && 'visually-hidden')}>
        {label}
        {required ? (
          <span className="pc-field__required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children({ id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined })}
      {error ? (
        <p id={errorId} className="pc-field__error">
          <Icon name="alert" size={14} />
          <span>{error}</span>
        </p>
      ) : hint ? (
        <p id={hintId} className="pc-field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'size'>, FieldBaseProps {}

export function TextField({
  label,
  hint,
  error,
  hideLabel,
  className,
  id,
  'aria-describedby': describedBy,
  ...input
}: TextFieldProps) {
  return (
    <FieldShell {...{ label, hint, error, hideLabel, className, id, describedBy }} required={input.required}>
      {(ids) => <input className="pc-control" {...input} {...ids} />}
    </FieldShell>
  );
}

export interface TextareaProps extends TextareaHTMLAttributes<HTMLTextAreaElement>, FieldBaseProps {}

export function Textarea({
  label,
  hint,
  error,
  hideLabel,
  className,
  id,
  rows = 4,
  'aria-describedby': describedBy,
  ...textarea
}: TextareaProps) {
  return (
    <FieldShell
      {...{ label, hint, error, hideLabel, className, id, describedBy }}
      required={textarea.required}
    >
      {(ids) => <textarea className="pc-control pc-control--textarea" rows={rows} {...textarea} {...ids} />}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement>, FieldBaseProps {
  options: SelectOption[];
  /** A first, empty choice such as "Choose a faction…". */
  placeholder?: string;
}

export function Select({
  label,
  hint,
  error,
  hideLabel,
  className,
  id,
  options,
  placeholder,
  'aria-describedby': describedBy,
  ...select
}: SelectProps) {
  return (
    <FieldShell {...{ label, hint, error, hideLabel, className, id, describedBy }} required={select.required}>
      {(ids) => (
        <div className="pc-select">
          <select className="pc-control pc-control--select" {...select} {...ids}>
            {placeholder !== undefined ? (
              <option value="" disabled={select.required}>
                {placeholder}
              </option>
            ) : null}
            {options.map((option) => (
              <option key={option.value} value={option.value} disabled={option.disabled}>
                {option.label}
              </option>
            ))}
          </select>
          <svg className="pc-select__chevron" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path
              d="m6 9 6 6 6-6"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </div>
      )}
    </FieldShell>
  );
}

export type PasswordFieldProps = Omit<TextFieldProps, 'type'>;

/** A password input with a "show" toggle, so people can check what they typed on a phone keyboard. */
export function PasswordField({
  label,
  hint,
  error,
  hideLabel,
  className,
  id,
  'aria-describedby': describedBy,
  ...input
}: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <FieldShell {...{ label, hint, error, hideLabel, className, id, describedBy }} required={input.required}>
      {(ids) => (
        <div className="pc-password">
          <input
            className="pc-control pc-control--password"
            type={visible ? 'text' : 'password'}
            autoCapitalize="off"
            spellCheck={false}
            {...input}
            {...ids}
          />
          <button
            type="button"
            className="pc-password__toggle"
            aria-pressed={visible}
            aria-controls={ids.id}
            onClick={() => setVisible((shown) => !shown)}
          >
            <Icon name={visible ? 'eye-off' : 'eye'} size={18} />
            <span className="visually-hidden">Show password</span>
          </button>
        </div>
      )}
    </FieldShell>
  );
}

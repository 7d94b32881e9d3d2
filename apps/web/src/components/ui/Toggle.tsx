import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { cx } from './cx.ts';
import './Toggle.css';

interface ToggleBaseProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'onChange' | 'checked' | 'size'
> {
  label: ReactNode;
  /** One line under the label saying what switching it does. */
  description?: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  className?: string;
}

/** An on/off setting that applies as a whole ("Maintenance mode", "Suggest colour schemes"). */
export function Switch({ label, description, checked, onChange, className, id, ...input }: ToggleBaseProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const descriptionId = description ? `${inputId}-description` : undefined;
  return (
    <div className={cx('pc-switch-row', input.disabled && 'pc-switch-row--disabled', className)}>
      <div className="pc-switch-row__text">
        <label htmlFor={inputId} className="pc-switch-row__label">
          {label}
        </label>
        {description ? (
          <p id={descriptionId} className="pc-switch-row__description">
            {description}
          </p>
        ) : null}
      </div>
      <span className="pc-switch">
        <input
          id={inputId}
          type="checkbox"
          role="switch"
          className="pc-switch__input"
          checked={checked}
          aria-describedby={descriptionId}
          onChange={(event) => onChange(event.target.checked)}
          {...input}
        />
        <span className="pc-switch__track" aria-hidden="true">
          <span className="pc-switch__thumb" />
        </span>
      </span>
    </div>
  );
}

export interface CheckboxProps extends ToggleBaseProps {
  /** Keep the label for screen readers only (a checkbox in a table cell whose column says it). */
  hideLabel?: boolean;
}

export function Checkbox({
  label,
  description,
  checked,
  onChange,
  hideLabel,
  className,
  id,
  ...input
}: CheckboxProps) {
  const generatedId = useId();
  const inputId = id ?? generatedId;
  const descriptionId = description ? `${inputId}-description` : undefined;
  return (
    <div className={cx('pc-checkbox', className)}>
      <input
        id={inputId}
        type="checkbox"
        className="pc-checkbox__input"
        checked={checked}
        aria-describedby={descriptionId}
        onChange={(event) => onChange(event.target.checked)}
        {...input}
      />
      <label htmlFor={inputId} className={cx('pc-checkbox__label', hideLabel && 'visually-hidden')}>
        {label}
        {description ? (
          <span id={descriptionId} className="pc-checkbox__description">
            {description}
          </span>
        ) : null}
      </label>
    </div>
  );
}

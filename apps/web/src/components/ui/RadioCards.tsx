import type { ReactNode } from 'react';
import { cx } from './cx.ts';
import { Icon, type IconName } from './Icon.tsx';
import './RadioCards.css';

export interface RadioCardOption<V extends string> {
  value: V;
  label: string;
  description: ReactNode;
  icon?: IconName;
}

export interface RadioCardsProps<V extends string> {
  legend: ReactNode;
  /** Visually hide the legend when a heading right above already says it. */
  hideLegend?: boolean;
  name: string;
  value: V;
  options: Array<RadioCardOption<V>>;
  onChange: (value: V) => void;
  disabled?: boolean;
  className?: string;
}

/** A choice of one among a few options that each need a sentence of explanation. */
export function RadioCards<V extends string>({
  legend,
  hideLegend,
  name,
  value,
  options,
  onChange,
  disabled,
  className,
}: RadioCardsProps<V>) {
  return (
    <fieldset className={cx('pc-radio-cards', className)} disabled={disabled}>
      <legend className={hideLegend ? 'visually-hidden' : 'pc-radio-cards__legend'}>{legend}</legend>
      <div className="pc-radio-cards__list">
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          const checked = option.value === value;
          return (
            <label key={option.value} htmlFor={id} className={cx('pc-radio-card', checked && 'is-checked')}>
              <input
                id={id}
                type="radio"
                name={name}
                value={option.value}
                checked={checked}
                onChange={() => onChange(option.value)}
                className="pc-radio-card__input"
                aria-labelledby={`${id}-label`}
                aria-describedby={`${id}-description`}
              />
              {option.icon ? (
                <span className="pc-radio-card__icon" aria-hidden="true">
                  <Icon name={option.icon} size={20} />
                </span>
              ) : null}
              <span className="pc-radio-card__text">
                <span id={`${id}-label`} className="pc-radio-card__label">
                  {option.label}
                </span>
                <span id={`${id}-description`} className="pc-radio-card__description">
                  {option.description}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

import type { ReactNode } from 'react';
import { cx } from './cx.ts';
import './ProgressBar.css';

export interface ProgressBarProps {
  /** Accessible name, shown above the bar unless `hideLabel`. */
  label: ReactNode;
  value: number;
  max?: number;
  /** What the number means for a person ("12 of 20 models painted"); defaults to a percentage. */
  valueText?: string;
  showValue?: boolean;
  hideLabel?: boolean;
  tone?: 'accent' | 'brand' | 'success' | 'warning' | 'danger';
  size?: 'sm' | 'md';
  className?: string;
}

export function ProgressBar({
  label,
  value,
  max = 100,
  valueText,
  showValue = true,
  hideLabel,
  tone = 'brand',
  size = 'md',
  className,
}: ProgressBarProps) {
  const clamped = Math.min(Math.max(value, 0), max);
  const percent = max > 0 ? Math.round((clamped / max) * 100) : 0;
  const text = valueText ?? `${percent}%`;
  return (
    <div className={cx('pc-progress', `pc-progress--${tone}`, `pc-progress--${size}`, className)}>
      <div className={cx('pc-progress__meta', hideLabel && 'visually-hidden')}>
        <span className="pc-progress__label">{label}</span>
        {showValue ? <span className="pc-progress__value">{text}</span> : null}
      </div>
      <div
        className="pc-progress__track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={clamped}
        aria-valuetext={text}
        aria-label={typeof label === 'string' ? label : undefined}
      >
        <div className="pc-progress__fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

import { cx } from './cx.ts';
import './Spinner.css';

export interface SpinnerProps {
  size?: 'sm' | 'md' | 'lg';
  /** Announced to screen readers; omit when the surrounding control already says it is busy. */
  label?: string;
  className?: string;
}

export function Spinner({ size = 'md', label, className }: SpinnerProps) {
  return (
    <span
      className={cx('pc-spinner', `pc-spinner--${size}`, className)}
      {...(label ? { role: 'status' } : { 'aria-hidden': true })}
    >
      {label ? <span className="visually-hidden">{label}</span> : null}
    </span>
  );
}

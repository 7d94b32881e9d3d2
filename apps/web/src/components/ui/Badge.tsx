import type { ButtonHTMLAttributes, HTMLAttributes, ReactNode } from 'react';
import { cx } from './cx.ts';
import { Icon, type IconName } from './Icon.tsx';
import './Badge.css';

export type Tone = 'neutral' | 'brand' | 'info' | 'success' | 'warning' | 'danger';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: Tone;
  /** A small coloured dot before the text, for states. */
  dot?: boolean;
  icon?: IconName;
  size?: 'sm' | 'md';
}

/** A static label: a state, a count, a category. Its text must make sense without its colour. */
export function Badge({
  tone = 'neutral',
  dot,
  icon,
  size = 'md',
  className,
  children,
  ...rest
}: BadgeProps) {
  return (
    <span className={cx('pc-badge', `pc-badge--${tone}`, `pc-badge--${size}`, className)} {...rest}>
      {dot ? <span className="pc-badge__dot" aria-hidden="true" /> : null}
      {icon ? <Icon name={icon} size={size === 'sm' ? 12 : 14} strokeWidth={2.5} /> : null}
      {children}
    </span>
  );
}

export interface ChipProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onToggle'> {
  /** Toggle chips (filters) report their state with aria-pressed. */
  selected?: boolean;
  /** When set, the chip shows a remove button instead of toggling. */
  onRemove?: () => void;
  removeLabel?: string;
  children: ReactNode;
}

/** An interactive tag: a filter to toggle, or a chosen value to remove. */
export function Chip({ selected, onRemove, removeLabel, className, children, ...rest }: ChipProps) {
  if (onRemove) {
    return (
      <span className={cx('pc-chip', 'pc-chip--removable', className)}>
        <span>{children}</span>
        <button
          type="button"
          className="pc-chip__remove"
          onClick={onRemove}
          aria-label={removeLabel ?? `Remove ${String(children)}`}
        >
          <Icon name="close" size={14} strokeWidth={2.5} />
        </button>
      </span>
    );
  }
  return (
    <button
      type="button"
      className={cx('pc-chip', selected && 'pc-chip--selected', className)}
      aria-pressed={selected}
      {...rest}
    >
      {selected ? <Icon name="check" size={14} strokeWidth={2.5} /> : null}
      {children}
    </button>
  );
}

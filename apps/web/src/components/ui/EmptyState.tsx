import type { ReactNode } from 'react';
import { cx } from './cx.ts';
import { Icon, type IconName } from './Icon.tsx';
import './EmptyState.css';

export interface EmptyStateProps {
  icon?: IconName;
  title: ReactNode;
  /** What to do next, in the user's words ("Add your first kit to start tracking…"). */
  description?: ReactNode;
  /** Usually one primary Button or ButtonLink. */
  action?: ReactNode;
  /** 1 when the state is the page itself (404); 2 or 3 inside a page. */
  headingLevel?: 1 | 2 | 3;
  /** A short line above the title ("Error 404"). */
  eyebrow?: ReactNode;
  tone?: 'neutral' | 'danger';
  /** Use when the state is the whole page (404, errors). */
  size?: 'md' | 'lg';
  className?: string;
  role?: 'alert' | 'status';
}

export function EmptyState({
  icon = 'box',
  title,
  description,
  action,
  headingLevel = 2,
  eyebrow,
  tone = 'neutral',
  size = 'md',
  className,
  role,
}: EmptyStateProps) {
  const Heading = (['h1', 'h2', 'h3'] as const)[headingLevel - 1] ?? 'h2';
  return (
    <div className={cx('pc-empty', `pc-empty--${tone}`, `pc-empty--${size}`, className)} role={role}>
      <div className="pc-empty__icon">
        <Icon name={icon} size={size === 'lg' ? 32 : 26} />
      </div>
      {eyebrow ? <p className="eyebrow">{eyebrow}</p> : null}
      <Heading className="pc-empty__title">{title}</Heading>
      {description ? <p className="pc-empty__description">{description}</p> : null}
      {action ? <div className="pc-empty__action">{action}</div> : null}
    </div>
  );
}

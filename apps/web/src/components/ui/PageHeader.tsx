import type { ReactNode } from 'react';
import { cx } from './cx.ts';
import './PageHeader.css';

export interface PageHeaderProps {
  title: ReactNode;
  /** A short category above the title ("Your hobby", "System"). */
  eyebrow?: ReactNode;
  description?: ReactNode;
  /** Buttons on the right (below the text on narrow screens). */
  actions?: ReactNode;
  className?: string;
}

/** The page's one h1, with its context and main actions. */
export function PageHeader({ title, eyebrow, description, actions, className }: PageHeaderProps) {
  return (
    <header className={cx('pc-page-header', className)}>
      <div className="pc-page-header__text">
        {eyebrow ? <p className="eyebrow">{eyebrow}</p> : null}
        <h1 className="pc-page-header__title">{title}</h1>
        {description ? <p className="pc-page-header__description">{description}</p> : null}
      </div>
      {actions ? <div className="pc-page-header__actions">{actions}</div> : null}
    </header>
  );
}

import type { ElementType, HTMLAttributes, ReactNode } from 'react';
import { cx } from './cx.ts';
import './Card.css';

export interface CardProps extends HTMLAttributes<HTMLElement> {
  /** `section` or `article` when the card is a meaningful unit with its own heading. */
  as?: 'div' | 'section' | 'article' | 'li' | 'aside';
  padding?: 'none' | 'sm' | 'md' | 'lg';
  /** Lifts on hover: for cards that are one big link. */
  interactive?: boolean;
  tone?: 'default' | 'sunken' | 'brand';
}

export function Card({
  as = 'div',
  padding = 'md',
  interactive,
  tone = 'default',
  className,
  ...rest
}: CardProps) {
  const Element: ElementType = as;
  return (
    <Element
      className={cx(
        'pc-card',
        `pc-card--pad-${padding}`,
        `pc-card--${tone}`,
        interactive && 'pc-card--interactive',
        className,
      )}
      {...rest}
    />
  );
}

export interface CardHeaderProps {
  title: ReactNode;
  /** Heading level that fits the page outline. */
  level?: 2 | 3 | 4;
  description?: ReactNode;
  actions?: ReactNode;
  id?: string;
}

export function CardHeader({ title, level = 2, description, actions, id }: CardHeaderProps) {
  const Heading: ElementType = `h${level}`;
  return (
    <div className="pc-card__header">
      <div className="pc-card__heading">
        <Heading id={id} className="pc-card__title">
          {title}
        </Heading>
        {description ? <p className="pc-card__description">{description}</p> : null}
      </div>
      {actions ? <div className="pc-card__actions">{actions}</div> : null}
    </div>
  );
}

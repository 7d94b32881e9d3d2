import type { ButtonHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';
import { cx } from './cx.ts';
import { Icon, type IconName } from './Icon.tsx';
import { Spinner } from './Spinner.tsx';
import './Button.css';

export type ButtonVariant = 'primary' | 'brand' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'sm' | 'md' | 'lg';

interface ButtonLookProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
  iconStart?: IconName;
  iconEnd?: IconName;
  /** Stretch to the width of the container. */
  block?: boolean;
}

export function buttonClassName(
  { variant = 'primary', size = 'md', block }: ButtonLookProps,
  extra?: string,
) {
  return cx('pc-button', `pc-button--${variant}`, `pc-button--${size}`, block && 'pc-button--block', extra);
}

function Content({ iconStart, iconEnd, size, children }: ButtonLookProps & { children: ReactNode }) {
  const iconSize = size === 'sm' ? 16 : 18;
  return (
    <>
      {iconStart ? <Icon name={iconStart} size={iconSize} /> : null}
      <span className="pc-button__label">{children}</span>
      {iconEnd ? <Icon name={iconEnd} size={iconSize} /> : null}
    </>
  );
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement>, ButtonLookProps {
  /** Shows a spinner and ignores clicks, but keeps focus and width so nothing jumps. */
  loading?: boolean;
}

export function Button({
  variant,
  size,
  iconStart,
  iconEnd,
  block,
  loading = false,
  type = 'button',
  className,
  children,
  onClick,
  ...rest
}: ButtonProps) {
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (loading) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      type={type}
      className={buttonClassName({ variant, size, block }, cx(loading && 'pc-button--loading', className))}
      aria-busy={loading || undefined}
      aria-disabled={loading || undefined}
      onClick={handleClick}
      {...rest}
    >
      {loading ? <Spinner size="sm" className="pc-button__spinner" /> : null}
      <Content iconStart={iconStart} iconEnd={iconEnd} size={size}>
        {children}
      </Content>
    </button>
  );
}

export interface ButtonLinkProps extends LinkProps, ButtonLookProps {}

/** A link that looks like a button: for navigation, never for actions. */
export function ButtonLink({
  variant,
  size,
  iconStart,
  iconEnd,
  block,
  className,
  children,
  ...rest
}: ButtonLinkProps) {
  return (
    <Link className={buttonClassName({ variant, size, block }, className)} {...rest}>
      <Content iconStart={iconStart} iconEnd={iconEnd} size={size}>
        {children}
      </Content>
    </Link>
  );
}

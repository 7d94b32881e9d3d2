import type { ReactNode } from 'react';
import { cx } from './cx.ts';
import { Icon, type IconName } from './Icon.tsx';
import './Alert.css';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons or links on the right (below on narrow screens). */
  actions?: ReactNode;
  icon?: IconName;
  /**
   * `alert` for a problem the user must hear now (a failed submit), `status` for news that can wait;
   * leave unset for a notice that is simply part of the page.
   */
  role?: 'alert' | 'status';
  className?: string;
  id?: string;
}

const ICONS: Record<AlertTone, IconName> = {
  info: 'info',
  success: 'check-circle',
  warning: 'alert',
  danger: 'x-circle',
};

/** A notice inside the page: a form's failure, a warning about the account, a confirmation. */
export function Alert({ tone = 'info', title, children, actions, icon, role, className, id }: AlertProps) {
  return (
    <div className={cx('pc-alert', `pc-alert--${tone}`, className)} role={role} id={id}>
      <Icon name={icon ?? ICONS[tone]} size={20} className="pc-alert__icon" />
      <div className="pc-alert__body">
        {title ? <p className="pc-alert__title">{title}</p> : null}
        {children ? <div className="pc-alert__text">{children}</div> : null}
      </div>
      {actions ? <div className="pc-alert__actions">{actions}</div> : null}
    </div>
  );
}

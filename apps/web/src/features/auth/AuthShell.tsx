import type { ReactNode } from 'react';
import { LogoMark } from '../../components/layout/Logo.tsx';
import { Icon, type IconName } from '../../components/ui/Icon.tsx';
import './AuthShell.css';

const PERKS: Array<{ icon: IconName; title: string; text: string }> = [
  {
    icon: 'box',
    title: 'Every kit, counted',
    text: 'From the box still in shrink-wrap to the centrepiece on the shelf.',
  },
  {
    icon: 'brush',
    title: 'Painting progress',
    text: 'Sprue, primed, based: watch the pile of shame shrink.',
  },
  { icon: 'users', title: 'Hobbyists like you', text: 'Follow painters, share finished models, swap tips.' },
];

export interface AuthShellProps {
  /** The page's h1. */
  title: ReactNode;
  eyebrow?: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Links under the card ("New here? Create an account"). */
  footer?: ReactNode;
}

/** The frame of the sign-in, sign-up and password pages: a focused card beside a brass panel. */
export function AuthShell({ title, eyebrow, description, children, footer }: AuthShellProps) {
  return (
    <div className="pc-auth">
      <div className="container pc-auth__inner">
        <div className="pc-auth__column">
          <section className="pc-auth__card" aria-labelledby="auth-title">
            <header className="pc-auth__header">
              {eyebrow ? <p className="eyebrow">{eyebrow}</p> : null}
              <h1 id="auth-title" className="pc-auth__title">
                {title}
              </h1>
              {description ? <p className="pc-auth__description">{description}</p> : null}
            </header>
            {children}
          </section>
          {footer ? <div className="pc-auth__footer">{footer}</div> : null}
        </div>

        <aside className="pc-auth__aside" aria-label="Why Plastic Crack">
          <div className="pc-auth__aside-brand">
            <LogoMark size={40} />
            <p className="pc-auth__aside-quote">
              Track your miniatures <span>from sprue to display.</span>
            </p>
          </div>
          <ul role="list" className="pc-auth__perks">
            {PERKS.map((perk) => (
              <li key={perk.title} className="pc-auth__perk">
                <span className="pc-auth__perk-icon" aria-hidden="true">
                  <Icon name={perk.icon} size={20} />
                </span>
                <span>
                  <strong>{perk.title}</strong>
                  <span className="pc-auth__perk-text">{perk.text}</span>
                </span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </div>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { AccountMenu } from '../../features/auth/AccountMenu.tsx';
import { currentReturnTo, withReturnTo } from '../../features/auth/returnTo.ts';
import { useViewer } from '../../features/auth/useViewer.ts';
import { ButtonLink } from '../ui/Button.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Skeleton } from '../ui/Skeleton.tsx';
import { LogoMark } from './Logo.tsx';
import { visibleNavItems } from './navigation.ts';
import './TopBar.css';

export function TopBar() {
  const items = visibleNavItems();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const { viewer, status } = useViewer();
  // Signing in from any page comes back to it.
  const here = currentReturnTo(location);
  const signInHref = withReturnTo('/sign-in', here);
  const signUpHref = withReturnTo('/sign-up', here);

  // A followed link closes the menu.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMenuOpen(false);
        toggleRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  return (
    <header className="pc-topbar">
      <div className="container pc-topbar__inner">
        <Link to="/" className="pc-logo" aria-label="Plastic Crack, home">
          <LogoMark />
          <span className="pc-logo__word" aria-hidden="true">
            Plastic<span> Crack</span>
          </span>
        </Link>

        <nav className="pc-topbar__nav" aria-label="Main">
          <ul role="list" className="pc-nav-list">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="pc-nav-link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>

        <div className="pc-topbar__account">
          {status === 'loading' ? (
            <Skeleton shape="circle" width="2rem" className="pc-topbar__account-skeleton" />
          ) : viewer ? (
            <AccountMenu viewer={viewer} />
          ) : (
            <>
              <ButtonLink to={signInHref} variant="ghost" size="sm" iconStart="log-in">
                Sign in
              </ButtonLink>
              <ButtonLink to={signUpHref} size="sm" className="pc-topbar__join">
                Join
              </ButtonLink>
            </>
          )}
        </div>

        <button
          ref={toggleRef}
          type="button"
          className="pc-topbar__menu-button"
          aria-expanded={menuOpen}
          aria-controls={menuId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Icon name={menuOpen ? 'close' : 'menu'} size={22} />
          <span className="visually-hidden">{menuOpen ? 'Close menu' : 'Open menu'}</span>
        </button>
      </div>

      <nav id={menuId} className="pc-mobile-menu" aria-label="Main (mobile)" hidden={!menuOpen}>
        <div className="container">
          <ul role="list" className="pc-mobile-menu__list">
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="pc-mobile-menu__link">
                  <Icon name={item.icon} size={20} />
                  {item.label}
                </NavLink>
              </li>
            ))}
            {status === 'signed-out' ? (
              <li>
                <NavLink to={signUpHref} className="pc-mobile-menu__link">
                  <Icon name="user-plus" size={20} />
                  Create an account
                </NavLink>
              </li>
            ) : null}
          </ul>
        </div>
      </nav>
    </header>
  );
}

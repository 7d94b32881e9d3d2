import { useEffect, useId, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { Avatar } from '../../components/ui/Avatar.tsx';
import { Icon, type IconName } from '../../components/ui/Icon.tsx';
import { Spinner } from '../../components/ui/Spinner.tsx';
import { useSignOut, type Viewer } from './useViewer.ts';
import './AccountMenu.css';

/**
 * The avatar in the top bar and the short menu behind it. A disclosure (button + list of links):
 * Escape or a click elsewhere closes it, arrow keys move between its items.
 */
export function AccountMenu({ viewer }: { viewer: Viewer }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const { signOut, pending } = useSignOut();

  useEffect(() => setOpen(false), [location.pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  const items = () =>
    Array.from(rootRef.current?.querySelectorAll<HTMLElement>('.pc-account-menu__item') ?? []);

  const onPanelKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const next = event.key === 'ArrowDown' ? index + 1 : index - 1;
    list[(next + list.length) % list.length]?.focus();
  };

  const links: Array<{ to: string; label: string; icon: IconName }> = [
    { to: `/u/${encodeURIComponent(viewer.username)}`, label: 'Your profile', icon: 'user' },
    { to: '/settings', label: 'Settings', icon: 'sliders' },
    ...(viewer.isAdmin ? [{ to: '/admin', label: 'Admin', icon: 'wrench' as const }] : []),
  ];

  return (
    <div className="pc-account-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="pc-account-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
            requestAnimationFrame(() => items()[0]?.focus());
          }
        }}
      >
        <Avatar name={viewer.username} src={viewer.avatarUrl} size="sm" decorative />
        <span className="visually-hidden">Account menu for {viewer.username}</span>
        <Icon name="chevron-down" size={16} className="pc-account-menu__chevron" />
      </button>

      <div id={panelId} className="pc-account-menu__panel" hidden={!open} onKeyDown={onPanelKeyDown}>
        <div className="pc-account-menu__who">
          <Avatar name={viewer.username} src={viewer.avatarUrl} size="md" decorative />
          <div className="pc-account-menu__names">
            <strong>{viewer.username}</strong>
            <span>{viewer.email}</span>
          </div>
        </div>
        <ul role="list" className="pc-account-menu__list">
          {links.map((link) => (
            <li key={link.to}>
              <Link to={link.to} className="pc-account-menu__item">
                <Icon name={link.icon} size={18} />
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="pc-account-menu__footer">
          <button
            type="button"
            className="pc-account-menu__item"
            onClick={() => void signOut()}
            disabled={pending}
          >
            {pending ? <Spinner size="sm" /> : <Icon name="log-out" size={18} />}
            Sign out
          </button>
        </div>
      </div>
    </div>
  );
}

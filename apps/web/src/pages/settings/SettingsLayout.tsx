import { Suspense } from 'react';
import { NavLink, Outlet } from 'react-router';
import { Icon, PageHeader, type IconName } from '../../components/ui/index.ts';
import { SectionSkeleton } from './SettingsSection.tsx';
import './Settings.css';

export const SETTINGS_SECTIONS: Array<{ path: string; label: string; icon: IconName }> = [
  { path: 'profile', label: 'Profile', icon: 'user' },
  { path: 'privacy', label: 'Privacy', icon: 'eye' },
  { path: 'notifications', label: 'Notifications', icon: 'bell' },
  { path: 'ai', label: 'AI assistant', icon: 'sparkles' },
  { path: 'security', label: 'Security', icon: 'lock' },
  { path: 'linked-accounts', label: 'Linked accounts', icon: 'link' },
  { path: 'account', label: 'Your data', icon: 'download' },
];

/** /settings/*: the sections as a side list (a scrolling row on phones) beside the open one. */
export function SettingsLayout() {
  return (
    <div className="container pc-page">
      <PageHeader
        eyebrow="Your account"
        title="Settings"
        description="Your profile, who sees it, what we tell you about, and how you sign in."
      />
      <div className="pc-settings">
        <nav className="pc-settings__nav" aria-label="Settings sections">
          <ul role="list" className="pc-settings__nav-list">
            {SETTINGS_SECTIONS.map((section) => (
              <li key={section.path}>
                <NavLink to={`/settings/${section.path}`} className="pc-settings__nav-link">
                  <Icon name={section.icon} size={18} />
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="pc-settings__content">
          <Suspense fallback={<SectionSkeleton />}>
            <Outlet />
          </Suspense>
        </div>
      </div>
    </div>
  );
}

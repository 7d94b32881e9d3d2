import { Suspense, type ReactNode } from 'react';
import { Outlet, ScrollRestoration } from 'react-router';
import { ConnectionNotifier } from '../../features/status/ConnectionNotifier.tsx';
import { PageLoading } from './PageLoading.tsx';
import { Footer } from './Footer.tsx';
import { TopBar } from './TopBar.tsx';
import './AppLayout.css';

/** The frame around every page: skip link, top bar, main landmark, footer. */
export function AppLayout({ children }: { children?: ReactNode }) {
  return (
    <div className="pc-app">
      <a className="pc-skip-link" href="#main">
        Skip to content
      </a>
      <TopBar />
      <main id="main" className="pc-main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>{children ?? <Outlet />}</Suspense>
      </main>
      <Footer />
      <ConnectionNotifier />
      <ScrollRestoration />
    </div>
  );
}

import { Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import { AuthEffects } from '../../features/auth/AuthEffects.tsx';
import { VerifyEmailBanner } from '../../features/auth/VerifyEmailBanner.tsx';
import { ConnectionNotifier } from '../../features/status/ConnectionNotifier.tsx';
import { PageLoading } from './PageLoading.tsx';
import { Footer } from './Footer.tsx';
import { TopBar } from './TopBar.tsx';
import './AppLayout.css';

/** The frame around every page: skip link, top bar, main landmark, footer. */
export function AppLayout({ children }: { children?: ReactNode }) {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  // After a client-side navigation, screen readers and keyboards start at the new page, as after a full load.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="pc-app">
      <a className="pc-skip-link" href="#main">
        Skip to content
      </a>
      <TopBar />
      <VerifyEmailBanner />
      <main ref={mainRef} id="main" className="pc-main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>{children ?? <Outlet />}</Suspense>
      </main>
      <Footer />
      <ConnectionNotifier />
      <AuthEffects />
      <ScrollRestoration />
    </div>
  );
}

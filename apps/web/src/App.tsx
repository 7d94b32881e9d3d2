import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppLayout } from './components/layout/AppLayout.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RouteErrorPage } from './pages/RouteErrorPage.tsx';

// Pages other than the landing load on demand, so the first visit stays small.
const StatusPage = lazy(() =>
  import('./pages/StatusPage.tsx').then((module) => ({ default: module.StatusPage })),
);
const DesignSystemPage = lazy(() =>
  import('./pages/DesignSystemPage.tsx').then((module) => ({ default: module.DesignSystemPage })),
);

/**
 * Routes. A new page is one entry under the layout's children (plus its item in
 * components/layout/navigation.ts). Errors thrown by a page render inside the shell
 * (the pathless route's boundary); an error in the shell itself falls back to the root boundary.
 */
const router = createBrowserRouter([
  {
    path: '/',
    Component: AppLayout,
    ErrorBoundary: () => (
      <AppLayout>
        <RouteErrorPage />
      </AppLayout>
    ),
    children: [
      {
        ErrorBoundary: RouteErrorPage,
        children: [
          { index: true, Component: HomePage },
          { path: 'status', Component: StatusPage },
          // The component catalogue; deliberately not in the navigation.
          { path: 'design-system', Component: DesignSystemPage },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}

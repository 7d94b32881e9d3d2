import { lazy, type ComponentType } from 'react';
import { Navigate, createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppLayout } from './components/layout/AppLayout.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RouteErrorPage } from './pages/RouteErrorPage.tsx';

// Pages other than the landing load on demand, so the first visit stays small.
function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return lazy(() => load().then((module) => ({ default: pick(module) })));
}

const StatusPage = page(
  () => import('./pages/StatusPage.tsx'),
  (m) => m.StatusPage,
);
const DesignSystemPage = page(
  () => import('./pages/DesignSystemPage.tsx'),
  (m) => m.DesignSystemPage,
);
const SignInPage = page(
  () => import('./pages/auth/SignInPage.tsx'),
  (m) => m.SignInPage,
);
const SignUpPage = page(
  () => import('./pages/auth/SignUpPage.tsx'),
  (m) => m.SignUpPage,
);
const VerifyEmailPage = page(
  () => import('./pages/auth/VerifyEmailPage.tsx'),
  (m) => m.VerifyEmailPage,
);
const ForgotPasswordPage = page(
  () => import('./pages/auth/ForgotPasswordPage.tsx'),
  (m) => m.ForgotPasswordPage,
);
const ResetPasswordPage = page(
  () => import('./pages/auth/ResetPasswordPage.tsx'),
  (m) => m.ResetPasswordPage,
);
const ProfilePage = page(
  () => import('./pages/ProfilePage.tsx'),
  (m) => m.ProfilePage,
);
const SettingsLayout = page(
  () => import('./pages/settings/SettingsLayout.tsx'),
  (m) => m.SettingsLayout,
);
const ProfileSettings = page(
  () => import('./pages/settings/ProfileSettings.tsx'),
  (m) => m.ProfileSettings,
);
const PrivacySettings = page(
  () => import('./pages/settings/PrivacySettings.tsx'),
  (m) => m.PrivacySettings,
);
const NotificationSettings = page(
  () => import('./pages/settings/NotificationSettings.tsx'),
  (m) => m.NotificationSettings,
);
const AiSettings = page(
  () => import('./pages/settings/AiSettings.tsx'),
  (m) => m.AiSettings,
);
const SecuritySettings = page(
  () => import('./pages/settings/SecuritySettings.tsx'),
  (m) => m.SecuritySettings,
);
const LinkedAccountsSettings = page(
  () => import('./pages/settings/LinkedAccountsSettings.tsx'),
  (m) => m.LinkedAccountsSettings,
);
const AccountSettings = page(
  () => import('./pages/settings/AccountSettings.tsx'),
  (m) => m.AccountSettings,
);
const CatalogPage = page(
  () => import('./pages/catalog/CatalogPage.tsx'),
  (m) => m.CatalogPage,
);
const CatalogEntryPage = page(
  () => import('./pages/catalog/CatalogEntryPage.tsx'),
  (m) => m.CatalogEntryPage,
);
const CollectionPage = page(
  () => import('./pages/collection/CollectionPage.tsx'),
  (m) => m.CollectionPage,
);
const CollectionItemPage = page(
  () => import('./pages/collection/CollectionItemPage.tsx'),
  (m) => m.CollectionItemPage,
);
const AdminPage = page(
  () => import('./pages/admin/AdminPage.tsx'),
  (m) => m.AdminPage,
);

/**
 * Routes. A new page is one entry under the layout's children (plus its item in
 * components/layout/navigation.ts). Errors thrown by a page render inside the shell
 * (the pathless route's boundary); an error in the shell itself falls back to the root boundary.
 * Pages that need an account sit under <RequireAuth>, which sends visitors to /sign-in?returnTo=….
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

          { path: 'sign-in', Component: SignInPage },
          { path: 'sign-up', Component: SignUpPage },
          { path: 'verify-email', Component: VerifyEmailPage },
          { path: 'forgot-password', Component: ForgotPasswordPage },
          { path: 'reset-password', Component: ResetPasswordPage },
          { path: 'u/:username', Component: ProfilePage },
          { path: 'catalog', Component: CatalogPage },
          { path: 'catalog/:slug', Component: CatalogEntryPage },

          {
            Component: RequireAuth,
            children: [
              { path: 'collection', Component: CollectionPage },
              { path: 'collection/:id', Component: CollectionItemPage },
              {
                path: 'settings',
                Component: SettingsLayout,
                children: [
                  { index: true, element: <Navigate to="/settings/profile" replace /> },
                  { path: 'profile', Component: ProfileSettings },
                  { path: 'privacy', Component: PrivacySettings },
                  { path: 'notifications', Component: NotificationSettings },
                  { path: 'ai', Component: AiSettings },
                  { path: 'security', Component: SecuritySettings },
                  { path: 'linked-accounts', Component: LinkedAccountsSettings },
                  { path: 'account', Component: AccountSettings },
                ],
              },
            ],
          },
          {
            element: <RequireAuth admin />,
            children: [{ path: 'admin', Component: AdminPage }],
          },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}

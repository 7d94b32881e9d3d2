import type { IconName } from '../ui/Icon.tsx';

export interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  /** Only routes that exist are shown; the others light up as their pages land. */
  available: boolean;
  /** Match the path exactly (for "/"). */
  end?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Home', icon: 'home', available: true, end: true },
  { to: '/catalog', label: 'Catalogue', icon: 'compass', available: true },
  { to: '/collection', label: 'Collection', icon: 'box', available: true },
  { to: '/armies', label: 'Armies', icon: 'shield', available: false },
  { to: '/wishlists', label: 'Wishlists', icon: 'heart', available: false },
  { to: '/feed', label: 'Feed', icon: 'users', available: false },
  { to: '/chat', label: 'Chat', icon: 'chat', available: false },
  { to: '/status', label: 'Status', icon: 'activity', available: true },
];

export const visibleNavItems = (): NavItem[] => NAV_ITEMS.filter((item) => item.available);

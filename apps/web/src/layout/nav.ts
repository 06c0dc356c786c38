export interface NavItem {
  path: string;
  label: string;
  section: string;
  permission: string | null;
  icon: string;
}

/** The console's pages in sidebar order; `permission` hides the entry from users without it. */
export const NAV: NavItem[] = [
  { path: '/cameras', label: 'Cameras', section: 'Video', permission: 'cameras.read', icon: '▣' },
  { path: '/recordings', label: 'Recordings', section: 'Video', permission: 'recordings.view', icon: '▶' },
  { path: '/groups', label: 'Camera groups', section: 'Video', permission: 'cameras.read', icon: '▤' },
  { path: '/organisation', label: 'Organisation', section: 'Administration', permission: 'domains.read', icon: '⌂' },
  { path: '/users', label: 'Users & roles', section: 'Administration', permission: 'users.read', icon: '◉' },
  { path: '/audit', label: 'Audit log', section: 'Administration', permission: 'audit.read', icon: '≡' },
  { path: '/account', label: 'My account', section: 'Account', permission: null, icon: '⚙' },
];

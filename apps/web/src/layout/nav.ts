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
  { path: '/live', label: 'Live wall', section: 'Video', permission: 'live.view', icon: '◫' },
  { path: '/recordings', label: 'Recordings', section: 'Video', permission: 'recordings.view', icon: '▶' },
  { path: '/groups', label: 'Camera groups', section: 'Video', permission: 'cameras.read', icon: '▤' },
  { path: '/events', label: 'Events', section: 'Analysis', permission: 'events.read', icon: '⚑' },
  { path: '/tickets', label: 'Tickets', section: 'Analysis', permission: 'events.read', icon: '✎' },
  { path: '/reports', label: 'Reports', section: 'Analysis', permission: 'events.read', icon: '▥' },
  { path: '/tasks', label: 'Analysis tasks', section: 'Analysis', permission: 'tasks.read', icon: '◎' },
  { path: '/subscriptions', label: 'Subscriptions', section: 'Administration', permission: 'subscriptions.manage', icon: '⇄' },
  { path: '/organisation', label: 'Organisation', section: 'Administration', permission: 'domains.read', icon: '⌂' },
  { path: '/users', label: 'Users & roles', section: 'Administration', permission: 'users.read', icon: '◉' },
  { path: '/audit', label: 'Audit log', section: 'Administration', permission: 'audit.read', icon: '≡' },
  { path: '/account', label: 'My account', section: 'Account', permission: null, icon: '⚙' },
];

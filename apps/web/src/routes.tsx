import { useEffect, type ReactNode } from 'react';
import { match, navigate, useLocation } from './lib/router';
import { useSession } from './lib/session';
import { Empty } from './components/status';
import { OrganisationPage } from './pages/organisation/organisation-page';
import { CamerasPage } from './pages/cameras/cameras-page';
import { CameraEditorPage } from './pages/cameras/camera-editor-page';
import { GroupsPage } from './pages/groups/groups-page';
import { UsersPage } from './pages/users/users-page';
import { AccountPage } from './pages/account/account-page';
import { AuditPage } from './pages/audit/audit-page';
import { RecordingsPage } from './pages/recordings/recordings-page';
import { LiveSection } from './pages/live/live-section';
import { EventsSection } from './pages/events/events-section';
import { TasksSection } from './pages/tasks/tasks-section';
import { SubscriptionsSection } from './pages/subscriptions/subscriptions-section';
import { NAV } from './layout/nav';

/** Is `path` the section root or below it (`/events`, `/events/…`, not `/eventsfoo`)? */
const under = (path: string, root: string): boolean => path === root || path.startsWith(`${root}/`);

function Guard({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useSession();
  if (!can(permission)) return <Empty testId="forbidden">You do not have the right to see this page.</Empty>;
  return <>{children}</>;
}

export function Routes() {
  const { path } = useLocation();
  const { can } = useSession();
  const home = NAV.find((n) => n.permission === null || can(n.permission))?.path ?? '/account';

  useEffect(() => {
    if (path === '/') navigate(home, { replace: true });
  }, [path, home]);

  if (path === '/') return null;
  if (path === '/cameras') return <Guard permission="cameras.read"><CamerasPage /></Guard>;
  if (path === '/cameras/new') return <Guard permission="cameras.manage"><CameraEditorPage id={null} /></Guard>;
  const cam = match('/cameras/:id', path);
  if (cam?.id) return <Guard permission="cameras.read"><CameraEditorPage key={cam.id} id={cam.id} /></Guard>;
  if (path === '/recordings') return <Guard permission="recordings.view"><RecordingsPage cameraId={null} /></Guard>;
  const rec = match('/recordings/:id', path);
  if (rec?.id) return <Guard permission="recordings.view"><RecordingsPage cameraId={rec.id} /></Guard>;
  if (under(path, '/live')) return <Guard permission="live.view"><LiveSection path={path} /></Guard>;
  if (under(path, '/events') || under(path, '/tickets') || under(path, '/reports')) return <Guard permission="events.read"><EventsSection path={path} /></Guard>;
  if (under(path, '/tasks')) return <Guard permission="tasks.read"><TasksSection path={path} /></Guard>;
  if (under(path, '/subscriptions')) return <Guard permission="subscriptions.manage"><SubscriptionsSection path={path} /></Guard>;
  if (path === '/groups') return <Guard permission="cameras.read"><GroupsPage /></Guard>;
  if (path === '/organisation') return <Guard permission="domains.read"><OrganisationPage /></Guard>;
  if (path === '/users') return <Guard permission="users.read"><UsersPage /></Guard>;
  if (path === '/audit') return <Guard permission="audit.read"><AuditPage /></Guard>;
  if (path === '/account') return <AccountPage />;
  return <Empty testId="not-found">There is no page at {path}.</Empty>;
}

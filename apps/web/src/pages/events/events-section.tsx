// Every console path under /events, /tickets and /reports lands here: the event center's pages under one header
// with tabs and the caller's notifications.
import '../../styles/events.css';
import { PageHeader } from '../../layout/shell';
import { Link, match } from '../../lib/router';
import { Empty } from '../../components/status';
import { EventDetailPage } from './event-detail-page';
import { EventsListPage } from './events-list-page';
import { NotificationsBell } from './notifications-bell';
import { ReportsPage } from './reports-page';
import { TicketDetailPage } from './ticket-detail-page';
import { TicketsPage } from './tickets-page';

const TABS = [
  { root: '/events', label: 'Events', subtitle: 'What the analysis rules (and integrations) saw, newest first; review, assign and group them.' },
  { root: '/tickets', label: 'Tickets', subtitle: 'Work made from events: who does what, by when.' },
  { root: '/reports', label: 'Reports', subtitle: 'How many events, where, and how fast they are acknowledged.' },
] as const;

function page(path: string) {
  if (path === '/events') return <EventsListPage />;
  const ev = match('/events/:id', path);
  if (ev?.id) return <EventDetailPage key={ev.id} id={ev.id} />;
  if (path === '/tickets') return <TicketsPage />;
  const tk = match('/tickets/:id', path);
  if (tk?.id) return <TicketDetailPage key={tk.id} id={tk.id} />;
  if (path === '/reports') return <ReportsPage />;
  return <Empty testId="not-found">There is no page at {path}.</Empty>;
}

export function EventsSection({ path }: { path: string }) {
  const tab = TABS.find((t) => path === t.root || path.startsWith(`${t.root}/`)) ?? TABS[0];
  return (
    <div className="page page-events">
      <PageHeader title={tab.label} subtitle={tab.subtitle} actions={<NotificationsBell />} />
      <nav className="ev-tabs" aria-label="Event center">
        {TABS.map((t) => (
          <Link key={t.root} to={t.root} className={`ev-tab${t === tab ? ' ev-tab-active' : ''}`} data-testid={`tab-${t.root.slice(1)}`}>
            {t.label}
          </Link>
        ))}
      </nav>
      {page(path)}
    </div>
  );
}

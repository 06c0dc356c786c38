// The caller's notifications (ticket assignments, …): a bell with the unread count and a small drop-down.
import { useEffect, useState } from 'react';
import { formatAgo } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import type { Notification } from './event-types';
import { markNotificationRead, myNotifications } from './events-api';

const REFRESH_MS = 30_000;

function targetPath(n: Notification): string | null {
  if (n.targetType === 'ticket') return `/tickets/${encodeURIComponent(n.targetId)}`;
  if (n.targetType === 'event') return `/events/${encodeURIComponent(n.targetId)}`;
  return null;
}

export function NotificationsBell() {
  const notes = useLoad(() => myNotifications(), []);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const t = window.setInterval(notes.reload, REFRESH_MS);
    return () => window.clearInterval(t);
  }, [notes.reload]);
  const unread = notes.data?.unread ?? 0;
  const go = (n: Notification) => {
    setOpen(false);
    const to = targetPath(n);
    const done = () => notes.reload();
    if (!n.readAt) markNotificationRead(n.id).then(done, (err: unknown) => console.warn('argus: could not mark read', err));
    if (to) navigate(to);
  };
  return (
    <div className="ev-bell">
      <button type="button" className="btn ev-bell-btn" onClick={() => setOpen((o) => !o)} aria-label={`Notifications, ${unread} unread`} aria-expanded={open} data-testid="notifications-bell">
        <svg className="ev-bell-icon" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15a2.5 2.5 0 0 0 5 0h-5Z" />
        </svg>
        {unread > 0 && (
          <span className="ev-bell-count" data-testid="notifications-unread">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="ev-bell-menu" role="menu" data-testid="notifications-menu">
          {notes.error ? (
            <div className="muted ev-bell-empty">Notifications cannot be loaded.</div>
          ) : (notes.data?.items ?? []).length === 0 ? (
            <div className="muted ev-bell-empty">Nothing new.</div>
          ) : (
            (notes.data?.items ?? []).map((n) => (
              <button key={n.id} type="button" role="menuitem" className={`ev-bell-item${n.readAt ? '' : ' ev-bell-unread'}`} onClick={() => go(n)} data-testid="notification">
                <span>{n.title}</span>
                <span className="cell-sub">{formatAgo(n.createdAt)}</span>
              </button>
            ))
          )}
        </div>
      )}
    </div>
  );
}

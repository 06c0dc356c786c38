import type { ReactNode } from 'react';
import { Link, useLocation } from '../lib/router';
import { rolesOf, useSession } from '../lib/session';
import { NAV } from './nav';

/** Dark sidebar with the pages the user may open; header with the user, their roles and sign-out. */
export function Shell({ children }: { children: ReactNode }) {
  const { me, can, signOut } = useSession();
  const { path } = useLocation();
  const items = NAV.filter((n) => n.permission === null || can(n.permission));
  const sections = [...new Set(items.map((n) => n.section))];
  const roles = rolesOf(me.grants);
  return (
    <div className="shell">
      <aside className="sidebar" data-testid="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Argus</span>
          <span className="brand-sub">console</span>
        </div>
        <nav aria-label="Main">
          {sections.map((s) => (
            <div key={s} className="nav-section">
              <div className="nav-heading">{s}</div>
              {items
                .filter((n) => n.section === s)
                .map((n) => (
                  <Link
                    key={n.path}
                    to={n.path}
                    className={`nav-link${path === n.path || path.startsWith(`${n.path}/`) ? ' active' : ''}`}
                    data-testid={`nav-${n.path.slice(1)}`}
                  >
                    <span className="nav-icon" aria-hidden="true">
                      {n.icon}
                    </span>
                    {n.label}
                  </Link>
                ))}
            </div>
          ))}
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="topbar-spacer" />
          <div className="user-box" data-testid="user-box">
            <div className="user-text">
              <span className="user-name" data-testid="user-name">
                {me.displayName || me.username}
              </span>
              <span className="user-roles" data-testid="user-roles">
                {roles.length ? roles.map((r) => <span key={r} className={`role-chip role-${r}`}>{r}</span>) : <span className="muted">no roles</span>}
              </span>
            </div>
            <span className="avatar" aria-hidden="true">
              {(me.displayName || me.username).slice(0, 1).toUpperCase()}
            </span>
            <button type="button" className="btn btn-ghost-dark" onClick={() => signOut()} data-testid="sign-out">
              Sign out
            </button>
          </div>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

/** Page title row with optional actions on the right. */
export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1 data-testid="page-title">{title}</h1>
        {subtitle && <div className="page-subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

import { useSession } from '../../lib/session';
import { PageHeader } from '../../layout/shell';
import { GrantChips } from '../users/grants-editor';
import { ChangePasswordForm } from './change-password-form';
import { TokensPanel } from './tokens-panel';

/** The signed-in user's own page: who they are, their password, their API tokens. */
export function AccountPage() {
  const { me } = useSession();
  return (
    <div className="page">
      <PageHeader title="My account" subtitle={`Signed in as ${me.username}`} />
      <div className="account-grid">
        <section className="panel">
          <div className="panel-title">Profile</div>
          <dl className="facts facts-stacked">
            <div>
              <dt>User name</dt>
              <dd data-testid="account-username">{me.username}</dd>
            </div>
            <div>
              <dt>Display name</dt>
              <dd>{me.displayName || '—'}</dd>
            </div>
            <div>
              <dt>Roles</dt>
              <dd>
                <GrantChips grants={me.grants} />
              </dd>
            </div>
          </dl>
        </section>
        <ChangePasswordForm />
      </div>
      <TokensPanel />
    </div>
  );
}

import type { paths, Schemas } from '@argus/sdk';
import type { DomainIndex } from '../../lib/domains';
import { Options } from '../../components/form';
import { DomainSelect } from '../../components/domain-select';

export type Role = Schemas['Grant']['role'];
export type RoleInfo = paths['/api/roles']['get']['responses']['200']['content']['application/json'][number];
export interface GrantRow {
  domainId: string;
  role: Role;
}

interface GrantsEditorProps {
  grants: GrantRow[];
  onChange: (g: GrantRow[]) => void;
  domains: DomainIndex;
  roles: RoleInfo[];
}

/** Rows of domain + role; each role's description is shown under its picker. */
export function GrantsEditor({ grants, onChange, domains, roles }: GrantsEditorProps) {
  const set = (i: number, patch: Partial<GrantRow>) => onChange(grants.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const add = () => onChange([...grants, { domainId: domains.roots[0]?.id ?? '', role: roles.find((r) => r.role === 'viewer')?.role ?? roles[0]?.role ?? 'viewer' }]);
  return (
    <div className="grants-editor" data-testid="grants-editor">
      {grants.length === 0 && <div className="muted small">No rights: the user can sign in but sees nothing.</div>}
      {grants.map((g, i) => (
        <div key={i} className="grant-row" data-testid="grant-row">
          <DomainSelect index={domains} value={g.domainId} onChange={(domainId) => set(i, { domainId })} testId="grant-domain" />
          <select value={g.role} onChange={(e) => set(i, { role: e.target.value as Role })} aria-label="Role" data-testid="grant-role">
            <Options items={roles} value={(r) => r.role} label={(r) => r.role} />
          </select>
          <button type="button" className="icon-btn" aria-label="Remove this grant" onClick={() => onChange(grants.filter((_, j) => j !== i))}>
            ×
          </button>
          <div className="grant-help">{roles.find((r) => r.role === g.role)?.description}</div>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={add} data-testid="grant-add">
        + Add a role on a domain
      </button>
    </div>
  );
}

/** "viewer @ Store 12" chips for a user's grants. */
export function GrantChips({ grants }: { grants: Array<Schemas['Grant']> }) {
  if (grants.length === 0) return <span className="muted">no rights</span>;
  return (
    <span className="chips">
      {grants.map((g) => (
        <span key={`${g.domainId}:${g.role}`} className={`grant-chip role-${g.role}`} title={g.domainPath}>
          {g.role} <span className="grant-at">@ {g.domainName}</span>
        </span>
      ))}
    </span>
  );
}

import { flatten, labelOf, type DomainIndex } from '../lib/domains';

interface DomainSelectProps {
  id?: string;
  index: DomainIndex;
  value: string;
  onChange: (id: string) => void;
  /** Label of an empty first option; without it a domain must be chosen. */
  emptyLabel?: string;
  /** Domains that may not be picked (e.g. a domain's own subtree when moving it). */
  disabled?: (id: string) => boolean;
  testId?: string;
}

/** A <select> of domains in tree order, each labelled with its path ("Organisation / Site A"). */
export function DomainSelect({ id, index, value, onChange, emptyLabel, disabled, testId }: DomainSelectProps) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {flatten(index).map(({ domain }) => (
        <option key={domain.id} value={domain.id} disabled={disabled?.(domain.id)}>
          {labelOf(index, domain.id)}
        </option>
      ))}
    </select>
  );
}

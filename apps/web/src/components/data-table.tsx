// The console's tables: one header row from a column list, one row per item drawn by the page.
import type { ReactNode } from 'react';

/** A header cell: its text, or its text with a class (e.g. col-num) and an accessible name for a blank header. */
export type Column = string | { label?: ReactNode; className?: string; ariaLabel?: string };

interface DataTableProps<T> {
  testId: string;
  /** Header cells, in order; false leaves one out (a column only some users see). */
  columns: readonly (Column | false)[];
  rows: readonly T[];
  /** One <tr> per item, with its key. */
  children: (row: T) => ReactNode;
  /** Classes after `table` (e.g. table-audit). */
  className?: string;
  /** The scrolling box around the table; null for none. */
  wrap?: string | null;
}

export function DataTable<T>({ testId, columns, rows, children, className, wrap = 'table-wrap' }: DataTableProps<T>) {
  const table = (
    <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, i) => {
            if (c === false) return null;
            const col = typeof c === 'string' ? { label: c } : c;
            return (
              <th key={i} className={col.className} aria-label={col.ariaLabel}>
                {col.label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{rows.map(children)}</tbody>
    </table>
  );
  return wrap === null ? table : <div className={wrap}>{table}</div>;
}

export interface RowAction {
  label: ReactNode;
  testId: string;
  onClick: () => void;
  disabled?: boolean;
  /** Destructive (delete, revoke): styled as a quiet danger. */
  danger?: boolean;
}

/** The last cell of a row: its small action buttons, in order. */
export function ActionsCell({ actions }: { actions: readonly RowAction[] }) {
  return (
    <td className="col-actions">
      {actions.map((a) => (
        <button key={a.testId} type="button" className={a.danger ? 'btn btn-small btn-quiet-danger' : 'btn btn-small'} disabled={a.disabled} onClick={a.onClick} data-testid={a.testId}>
          {a.label}
        </button>
      ))}
    </td>
  );
}

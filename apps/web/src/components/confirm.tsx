import type { ReactNode } from 'react';
import { useSubmit } from '../lib/use-submit';
import { ProblemBanner } from './form';
import { Modal } from './modal';

interface ConfirmProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Runs the action (its answer is not used); a thrown error (e.g. the server's refusal) is shown in the dialog. */
  action: () => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, action, onDone, onCancel }: ConfirmProps) {
  const { busy, error, run: send } = useSubmit();
  const run = () => send(action(), () => onDone());
  return (
    <Modal
      title={title}
      onClose={onCancel}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={busy} onClick={run} data-testid="confirm-ok">
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-text">{children}</div>
      <ProblemBanner error={error} testId="confirm-error" />
    </Modal>
  );
}

import { useState, type ReactNode } from 'react';
import { ProblemBanner } from './form';
import { Modal } from './modal';

interface ConfirmProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Runs the action; a thrown error (e.g. the server's refusal) is shown in the dialog. */
  action: () => Promise<void>;
  onDone: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, action, onDone, onCancel }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = () => {
    setBusy(true);
    setError(null);
    action().then(
      () => onDone(),
      (e: unknown) => {
        setError(e);
        setBusy(false);
      },
    );
  };
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

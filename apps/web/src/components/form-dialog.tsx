// The buttons that end a form (submit with its busy label, Cancel) and the dialog that wraps a form around them.
import { useId, type FormEvent, type ReactNode } from 'react';
import { ProblemBanner } from './form';
import { Modal } from './modal';

export interface SubmitSpec {
  label: ReactNode;
  /** Shown while the call runs (e.g. 'Saving…'); without it the label stays. */
  busyLabel?: string;
  /** Further reasons to refuse a submit (an empty required field); busy always disables it. */
  disabled?: boolean;
  testId: string;
  /** Button style after `btn`; primary unless said otherwise. */
  className?: string;
}

/** The form's submit button; `form` binds it to a form it is not inside (a dialog footer). */
export function SubmitButton({ label, busyLabel, disabled, testId, className = 'btn-primary', busy, form }: SubmitSpec & { busy: boolean; form?: string }) {
  return (
    <button type="submit" form={form} className={`btn ${className}`} disabled={busy || disabled} data-testid={testId}>
      {busy && busyLabel ? busyLabel : label}
    </button>
  );
}

function CancelButton({ onCancel }: { onCancel: () => void }) {
  return (
    <button type="button" className="btn" onClick={onCancel}>
      Cancel
    </button>
  );
}

/** Submit, then Cancel, closing a form inside it. */
export function FormActions({ submit, busy, onCancel }: { submit: SubmitSpec; busy: boolean; onCancel: () => void }) {
  return (
    <div className="form-actions">
      <SubmitButton {...submit} busy={busy} />
      <CancelButton onCancel={onCancel} />
    </div>
  );
}

/** Cancel, then submit bound to the form `formId`: the footer of a dialog whose form scrolls above it. */
export function DialogFooterActions({ submit, busy, formId, onCancel }: { submit: SubmitSpec; busy: boolean; formId: string; onCancel: () => void }) {
  return (
    <>
      <CancelButton onCancel={onCancel} />
      <SubmitButton {...submit} busy={busy} form={formId} />
    </>
  );
}

interface FormDialogProps {
  title: string;
  testId: string;
  wide?: boolean;
  /** Closes without saving: Cancel, Escape, × and a click beside the dialog. */
  onClose: () => void;
  /** Called on submit (the browser's own submit is prevented). */
  onSubmit: () => void;
  submit: SubmitSpec;
  busy: boolean;
  /** The failure shown in the problem banner (null: none). */
  error: unknown;
  /**
   * 'inline' (default): banner and buttons end the form, submit first. 'footer': the buttons sit in the dialog's
   * footer, Cancel first, and the banner heads the form, where it is seen without scrolling.
   */
  actions?: 'inline' | 'footer';
  children: ReactNode;
}

/** A dialog holding one form, its problem banner and its submit/Cancel buttons. */
export function FormDialog({ title, testId, wide, onClose, onSubmit, submit, busy, error, actions = 'inline', children }: FormDialogProps) {
  const formId = useId();
  const send = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const banner = <ProblemBanner error={error} />;
  const footer = actions === 'footer' ? <DialogFooterActions submit={submit} busy={busy} formId={formId} onCancel={onClose} /> : undefined;
  return (
    <Modal title={title} onClose={onClose} wide={wide} testId={testId} footer={footer}>
      <form id={formId} className="form" onSubmit={send}>
        {actions === 'footer' && banner}
        {children}
        {actions === 'inline' && banner}
        {actions === 'inline' && <FormActions submit={submit} busy={busy} onCancel={onClose} />}
      </form>
    </Modal>
  );
}

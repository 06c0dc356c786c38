import type { CameraForm } from './camera-form';

interface PasswordFieldProps {
  id: string;
  form: CameraForm;
  hasPassword: boolean;
  onChange: (patch: Partial<CameraForm>) => void;
}

/** Write-only password: shows "•••• set" for a stored one, with Replace and Clear; never shows the value. */
export function PasswordField({ id, form, hasPassword, onChange }: PasswordFieldProps) {
  if (hasPassword && form.passwordMode === 'keep') {
    return (
      <div className="password-set" data-testid="password-state">
        <span className="password-dots">•••• set</span>
        <button type="button" className="btn btn-small" onClick={() => onChange({ passwordMode: 'set', password: '' })} data-testid="password-replace">
          Replace
        </button>
        <button type="button" className="btn btn-small btn-quiet-danger" onClick={() => onChange({ passwordMode: 'clear', password: '' })} data-testid="password-clear">
          Clear
        </button>
      </div>
    );
  }
  if (form.passwordMode === 'clear') {
    return (
      <div className="password-set" data-testid="password-state">
        <span className="muted">Will be cleared on save</span>
        <button type="button" className="btn btn-small" onClick={() => onChange({ passwordMode: 'keep' })}>
          Undo
        </button>
      </div>
    );
  }
  return (
    <div className="password-set">
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        value={form.password}
        placeholder={hasPassword ? 'New password' : 'No password'}
        onChange={(e) => onChange({ password: e.target.value })}
        data-testid="camera-password"
      />
      {hasPassword && (
        <button type="button" className="btn btn-small" onClick={() => onChange({ passwordMode: 'keep', password: '' })}>
          Keep current
        </button>
      )}
    </div>
  );
}

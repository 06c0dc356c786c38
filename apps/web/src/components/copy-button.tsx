import { useState } from 'react';

/** Copies text to the clipboard; falls back to selecting it for Ctrl+C where the clipboard API is refused. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button type="button" className="btn btn-small" onClick={copy} data-testid={testId}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and press Ctrl+C' : 'Copy'}
    </button>
  );
}

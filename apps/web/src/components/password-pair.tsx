// A new password typed twice (first-run setup, changing one's own password): the two must agree before sending.
import { useState } from 'react';
import { Field } from './form';

export function usePasswordPair() {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  /** Whether the two agree; a difference shows at the second field until the next check. */
  const check = (): boolean => {
    setMismatch(password !== repeat);
    return password === repeat;
  };
  return { password, repeat, setPassword, setRepeat, mismatch, check };
}

export type PasswordPair = ReturnType<typeof usePasswordPair>;

interface PasswordPairFieldsProps {
  pair: PasswordPair;
  /** Labels of the password field and of its repeat. */
  labels: readonly [string, string];
  testIds: readonly [string, string];
  /** The server's complaint about the password (e.g. too short). */
  error?: string | undefined;
}

export function PasswordPairFields({ pair, labels, testIds, error }: PasswordPairFieldsProps) {
  return (
    <>
      <Field label={labels[0]} error={error}>
        {(id) => <input id={id} type="password" value={pair.password} onChange={(e) => pair.setPassword(e.target.value)} autoComplete="new-password" required data-testid={testIds[0]} />}
      </Field>
      <Field label={labels[1]} error={pair.mismatch ? 'The passwords differ' : undefined}>
        {(id) => <input id={id} type="password" value={pair.repeat} onChange={(e) => pair.setRepeat(e.target.value)} autoComplete="new-password" required data-testid={testIds[1]} />}
      </Field>
    </>
  );
}

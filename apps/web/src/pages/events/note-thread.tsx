// A titled thread of short texts with an add form: the notes of an event and the comments of a ticket.
import { useState, type FormEvent } from 'react';
import { formatTime } from '../../lib/format';
import { useSubmit } from '../../lib/use-submit';
import { ProblemBanner } from '../../components/form';

export interface ThreadEntry {
  id: string;
  authorName: string;
  createdAt: string;
  text: string;
}

export interface NoteThreadProps {
  title: string;
  entries: readonly ThreadEntry[];
  canAct: boolean;
  /** Sends a new entry; the thread clears its field and calls onChanged when it resolves. */
  add: (text: string) => Promise<unknown>;
  onChanged: () => void;
  text: { empty: string; placeholder: string; denied: string; button: string };
  /** data-testid of the list, of each entry, of the text field and of the button. */
  testIds: { list: string; item: string; field: string; button: string };
}

export function NoteThread({ title, entries, canAct, add, onChanged, text: t, testIds }: NoteThreadProps) {
  const [text, setText] = useState('');
  const { busy, error, run } = useSubmit({ repeatable: true });
  const submit = (x: FormEvent) => {
    x.preventDefault();
    if (!text.trim()) return;
    run(add(text.trim()), () => {
      setText('');
      onChanged();
    });
  };
  return (
    <section className="panel">
      <div className="panel-title">{title}</div>
      {entries.length === 0 ? (
        <p className="muted">{t.empty}</p>
      ) : (
        <ul className="ev-notes" data-testid={testIds.list}>
          {entries.map((n) => (
            <li key={n.id} data-testid={testIds.item}>
              <div className="ev-note-head">
                <strong>{n.authorName}</strong> <span className="muted">{formatTime(n.createdAt)}</span>
              </div>
              <div className="ev-note-text">{n.text}</div>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="ev-note-form">
        <textarea value={text} onChange={(x) => setText(x.target.value)} rows={2} maxLength={4000} disabled={!canAct} placeholder={canAct ? t.placeholder : t.denied} data-testid={testIds.field} />
        <button type="submit" className="btn btn-small" disabled={!canAct || busy || text.trim() === ''} data-testid={testIds.button}>
          {t.button}
        </button>
      </form>
      <ProblemBanner error={error} />
    </section>
  );
}

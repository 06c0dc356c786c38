import { useState, type ChangeEvent } from 'react';
import type { paths } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import type { DomainIndex } from '../../lib/domains';
import { DomainSelect } from '../../components/domain-select';
import { Field, Notice, ProblemBanner } from '../../components/form';
import { Modal } from '../../components/modal';
import { ImportResultTable } from './import-result-table';

type ImportResult = paths['/api/cameras/import']['post']['responses']['200']['content']['application/json'];
type Format = 'csv' | 'json';

const CSV_EXAMPLE = 'name,kind,main_url,sub_url,username,password,groups,tags,latitude,longitude,address,description,enabled\nGate 1,rtsp,rtsp://10.0.0.11/stream1,,admin,secret,Entrances,gate;outdoor,51.5,-0.12,,North gate,true';

const rows = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

interface ImportDialogProps {
  domains: DomainIndex;
  defaultDomainId: string;
  onClose: (changed: boolean) => void;
}

/** Batch import: paste or upload CSV/JSON, check it with a dry run, then import the good rows. */
export function ImportDialog({ domains, defaultDomainId, onClose }: ImportDialogProps) {
  const [format, setFormat] = useState<Format>('csv');
  const [content, setContent] = useState('');
  const [domainId, setDomainId] = useState(defaultDomainId || (domains.roots[0]?.id ?? ''));
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const { busy, error, setError, run: send } = useSubmit({ repeatable: true });

  const reset = () => {
    setChecked(null);
    setDone(null);
    setError(null);
  };

  const upload = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (/\.json$/i.test(file.name)) setFormat('json');
    else if (/\.csv$/i.test(file.name)) setFormat('csv');
    file.text().then(
      (text) => {
        setContent(text);
        reset();
      },
      (err: unknown) => setError(err),
    );
  };

  const run = (dryRun: boolean) =>
    send(call(api.POST('/api/cameras/import', { body: { format, content, domainId, dryRun } })), (r) => {
      if (dryRun) setChecked(r);
      else setDone(r);
    });

  const result = done ?? checked;
  const good = checked ? checked.total - checked.failed : 0;
  const footer = done ? (
    <button type="button" className="btn btn-primary" onClick={() => onClose(done.created > 0)} data-testid="import-done">
      Done
    </button>
  ) : (
    <>
      <button type="button" className="btn" onClick={() => onClose(false)}>
        Cancel
      </button>
      <button type="button" className="btn" disabled={busy || !content.trim() || !domainId} onClick={() => run(true)} data-testid="import-check">
        {busy && !checked ? 'Checking…' : 'Check (dry run)'}
      </button>
      <button type="button" className="btn btn-primary" disabled={busy || !checked || good === 0} onClick={() => run(false)} data-testid="import-run">
        {checked ? `Import ${good} camera${good === 1 ? '' : 's'}` : 'Import'}
      </button>
    </>
  );

  return (
    <Modal title="Import cameras" onClose={() => onClose(done !== null && done.created > 0)} wide testId="import-dialog" footer={footer}>
      {!done && (
        <div className="form">
          <div className="grid-3">
            <Field label="Format">
              {(id) => (
                <select id={id} value={format} onChange={(e) => { setFormat(e.target.value as Format); reset(); }} data-testid="import-format">
                  <option value="csv">CSV (header row)</option>
                  <option value="json">JSON (array)</option>
                </select>
              )}
            </Field>
            <Field label="Into domain" hint="Rows with a domain_id column go there instead">
              {(id) => <DomainSelect id={id} index={domains} value={domainId} onChange={(d) => { setDomainId(d); reset(); }} testId="import-domain" />}
            </Field>
            <Field label="Upload a file">
              {(id) => <input id={id} type="file" accept=".csv,.json,text/csv,application/json" onChange={upload} data-testid="import-file" />}
            </Field>
          </div>
          <Field label="Content" hint={<>Columns: name, kind, main_url, sub_url, username, password, groups, tags, latitude, longitude, address, description, enabled</>}>
            {(id) => (
              <textarea
                id={id}
                rows={8}
                className="mono"
                value={content}
                placeholder={format === 'csv' ? CSV_EXAMPLE : '[{"name": "Gate 1", "kind": "rtsp", "mainUrl": "rtsp://10.0.0.11/stream1"}]'}
                onChange={(e) => { setContent(e.target.value); reset(); }}
                spellCheck={false}
                data-testid="import-content"
              />
            )}
          </Field>
        </div>
      )}
      <ProblemBanner error={error} testId="import-error" />
      {result && (
        <>
          <Notice kind={result.failed > 0 ? 'warn' : 'ok'} testId="import-summary">
            {done
              ? `Imported ${done.created} of ${rows(done.total)}${done.failed ? `; ${done.failed} failed and were skipped` : ''}.`
              : `Checked ${rows(result.total)}: ${result.total - result.failed} ready, ${result.failed} with errors. Nothing was created yet.`}
          </Notice>
          <ImportResultTable rows={result.rows} />
        </>
      )}
    </Modal>
  );
}

// Starts an export of a time range and follows its progress until the file and its manifest can be downloaded.
import { useEffect, useState, type FormEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { useSubmit } from '../../lib/use-submit';
import { Modal } from '../../components/modal';
import { Field, ProblemBanner } from '../../components/form';
import { DialogFooterActions } from '../../components/form-dialog';
import { bytes, fromLocalInput, toLocalInput } from './time';

type Export = Schemas['RecordingExport'];

interface ExportDialogProps {
  cameraId: string;
  cameraName: string;
  /** Initial range (epoch ms). */
  from: number;
  to: number;
  onClose: (changed: boolean) => void;
}

export function ExportDialog({ cameraId, cameraName, from, to, onClose }: ExportDialogProps) {
  const [fromText, setFromText] = useState(toLocalInput(from));
  const [toText, setToText] = useState(toLocalInput(to));
  const [watermark, setWatermark] = useState(false);
  const [pin, setPin] = useState(false);
  const [job, setJob] = useState<Export | null>(null);
  const { busy, error, setError, run } = useSubmit({ repeatable: true });
  const f = fromLocalInput(fromText);
  const t = fromLocalInput(toText);
  const invalid = Number.isNaN(f) || Number.isNaN(t) ? 'Enter both times.' : t <= f ? 'The end must be after the start.' : '';

  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  useEffect(() => {
    if (!job || !running) return undefined;
    const timer = window.setTimeout(() => {
      call(api.GET('/api/exports/{id}', { params: { path: { id: job.id } } })).then(setJob, setError);
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [job, running]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid) return;
    run(call(api.POST('/api/cameras/{id}/exports', { params: { path: { id: cameraId } }, body: { from: String(f), to: String(t), watermark, pin } })), setJob);
  };

  const footer = job ? (
    <button type="button" className="btn" onClick={() => onClose(true)} data-testid="export-close">
      {running ? 'Close (keeps running)' : 'Close'}
    </button>
  ) : (
    <DialogFooterActions submit={{ label: 'Start export', disabled: invalid !== '', testId: 'export-start' }} busy={busy} formId="export-form" onCancel={() => onClose(false)} />
  );

  return (
    <Modal title={`Export: ${cameraName}`} onClose={() => onClose(job !== null)} footer={footer} testId="export-dialog">
      <form id="export-form" className="export-form" onSubmit={submit}>
        <div className="export-range">
          <Field label="From">
            {(id) => <input id={id} type="datetime-local" step="1" value={fromText} onChange={(e) => setFromText(e.target.value)} disabled={job !== null} data-testid="export-from" />}
          </Field>
          <Field label="To">
            {(id) => <input id={id} type="datetime-local" step="1" value={toText} onChange={(e) => setToText(e.target.value)} disabled={job !== null} data-testid="export-to" />}
          </Field>
        </div>
        {invalid && <div className="field-error">{invalid}</div>}
        <label className="check">
          <input type="checkbox" checked={watermark} onChange={(e) => setWatermark(e.target.checked)} disabled={job !== null} data-testid="export-watermark" />
          Burn in camera, user and time (slower: transcodes)
        </label>
        <label className="check">
          <input type="checkbox" checked={pin} onChange={(e) => setPin(e.target.checked)} disabled={job !== null} data-testid="export-pin" />
          Pin: keep the export and its recordings for the long retention period
        </label>
      </form>
      <ProblemBanner error={error} />
      {job && <ExportProgress job={job} />}
    </Modal>
  );
}

/** State, progress bar and — when done — the download links of one export. */
export function ExportProgress({ job }: { job: Export }) {
  return (
    <div className="export-progress" data-testid="export-progress" data-state={job.state}>
      <div className="export-state">
        {job.state === 'queued' && 'Waiting in the queue…'}
        {job.state === 'running' && `Exporting… ${Math.round(job.progress * 100)} %`}
        {job.state === 'done' && 'Done.'}
        {job.state === 'failed' && <span className="status-bad">Failed: {job.error ?? 'unknown error'}</span>}
      </div>
      {(job.state === 'queued' || job.state === 'running') && (
        <progress max={1} value={job.progress} data-testid="export-progress-bar" />
      )}
      {job.state === 'done' && <ExportLinks job={job} />}
    </div>
  );
}

export function ExportLinks({ job }: { job: Export }) {
  return (
    <span className="export-links">
      {job.file && (
        <a href={job.file.url} download={job.file.name} data-testid="export-download" title={`SHA-256 ${job.file.sha256}`}>
          {job.file.name} ({bytes(job.file.size)})
        </a>
      )}
      {job.manifestUrl && (
        <a href={job.manifestUrl} download data-testid="export-manifest">
          Manifest
        </a>
      )}
    </span>
  );
}

// Starts an offline run of a task: one of its cameras, over the camera's recording of a time range (default the last
// 10 minutes), over a video file uploaded from this computer, or over a video file inside the server's media roots.
import { useState, type FormEvent } from 'react';
import { api, call } from '../../lib/api';
import { uploadFile } from '../../lib/upload';
import { Modal } from '../../components/modal';
import { Field, ProblemBanner } from '../../components/form';
import { fromLocalInput, toLocalInput } from '../recordings/time';
import { runRangeProblem } from './task-runs-view';

interface RunOfflineDialogProps {
  taskId: string;
  cameras: Array<{ id: string; name: string }>;
  onClose: (started: boolean) => void;
}

export function RunOfflineDialog({ taskId, cameras, onClose }: RunOfflineDialogProps) {
  const [now] = useState(() => Date.now());
  const [cameraId, setCameraId] = useState(cameras[0]?.id ?? '');
  const [source, setSource] = useState<'range' | 'upload' | 'file'>('range');
  const [picked, setPicked] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [fromText, setFromText] = useState(toLocalInput(now - 10 * 60_000));
  const [toText, setToText] = useState(toLocalInput(now));
  const [file, setFile] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fromMs = fromLocalInput(fromText);
  const toMs = fromLocalInput(toText);
  const problem = cameraId === '' ? 'Choose a camera.'
    : source === 'range' ? runRangeProblem(fromMs, toMs)
      : source === 'upload' ? (picked ? '' : 'Choose a video file to upload.')
        : file.trim() === '' ? 'Enter the path of a video file.' : '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    setError(null);
    const bodyOf = async () => {
      if (source === 'range') return { cameraId, from: String(fromMs), to: String(toMs) };
      if (source === 'file') return { cameraId, file: file.trim() };
      const up = await uploadFile<{ id: string }>(`/api/analysis/uploads?name=${encodeURIComponent(picked?.name ?? 'upload')}`, picked as File, setSent);
      return { cameraId, uploadId: up.id };
    };
    bodyOf()
      .then((body) => call(api.POST('/api/tasks/{id}/runs', { params: { path: { id: taskId } }, body })))
      .then(() => onClose(true), setError)
      .finally(() => {
        setBusy(false);
        setSent(null);
      });
  };

  const footer = (
    <>
      <button type="button" className="btn" onClick={() => onClose(false)}>Cancel</button>
      <button type="submit" form="run-offline-form" className="btn btn-primary" disabled={busy || problem !== ''} data-testid="run-offline-start">Start run</button>
    </>
  );
  return (
    <Modal title="Run offline" onClose={() => onClose(false)} footer={footer} testId="run-offline-dialog">
      <form id="run-offline-form" onSubmit={submit}>
        <ProblemBanner error={error} />
        <Field label="Camera">
          {(id) => (
            <select id={id} value={cameraId} onChange={(e) => setCameraId(e.target.value)} data-testid="run-offline-camera">
              {cameras.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>Source</legend>
          <label><input type="radio" name="run-source" checked={source === 'range'} onChange={() => setSource('range')} data-testid="run-source-range" /> Recorded range</label>
          <label><input type="radio" name="run-source" checked={source === 'upload'} onChange={() => setSource('upload')} data-testid="run-source-upload" /> Upload a video</label>
          <label><input type="radio" name="run-source" checked={source === 'file'} onChange={() => setSource('file')} data-testid="run-source-file" /> Video file on the server</label>
        </fieldset>
        {source === 'range' ? (
          <>
            <Field label="From">{(id) => <input id={id} type="datetime-local" step="1" value={fromText} onChange={(e) => setFromText(e.target.value)} data-testid="run-from" />}</Field>
            <Field label="To">{(id) => <input id={id} type="datetime-local" step="1" value={toText} onChange={(e) => setToText(e.target.value)} data-testid="run-to" />}</Field>
          </>
        ) : source === 'upload' ? (
          <Field label="Video" hint="Uploaded to the server (kept a day), then analysed">
            {(id) => <input id={id} type="file" accept="video/*,.mp4,.mkv,.avi,.mov" onChange={(e) => setPicked(e.target.files?.[0] ?? null)} data-testid="run-upload-file" />}
          </Field>
        ) : (
          <Field label="File" hint="A path inside the server's media folders">
            {(id) => <input id={id} value={file} onChange={(e) => setFile(e.target.value)} placeholder="/var/lib/argus/media/clip.mp4" data-testid="run-file" />}
          </Field>
        )}
        {sent !== null && <progress max={1} value={sent} data-testid="run-upload-progress" />}
        {problem && <p className="task-problems" data-testid="run-offline-problem">{problem}</p>}
      </form>
    </Modal>
  );
}

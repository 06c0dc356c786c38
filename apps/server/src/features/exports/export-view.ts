/** Pure: how an export job is shown by the API (its view and its download file name). */
import { isoAt } from '../../util/clock';
import type { ExportJob } from './exports.repo';

export interface ExportView {
  id: string;
  cameraId: string;
  cameraName: string;
  state: ExportJob['state'];
  progress: number;
  error: string | null;
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
  actualFrom: string | null;
  actualTo: string | null;
  actualFromMs: number | null;
  actualToMs: number | null;
  watermark: boolean;
  pinned: boolean;
  keepUntil: string | null;
  file: { name: string; sha256: string; size: number; url: string } | null;
  manifestUrl: string | null;
  createdBy: { id: string | null; name: string };
  createdAt: string;
  finishedAt: string | null;
}

const slug = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'camera';

export function fileNameOf(cameraName: string, fromMs: number): string {
  return `${slug(cameraName)}_${isoAt(fromMs).replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.mp4`;
}

/** An export job as the API shows it. Pure. */
export function exportView(j: ExportJob): ExportView {
  const name = fileNameOf(j.cameraName, j.actualFromMs ?? j.fromMs);
  return {
    id: j.id,
    cameraId: j.cameraId,
    cameraName: j.cameraName,
    state: j.state,
    progress: Math.round(j.progress * 1000) / 1000,
    error: j.error,
    from: isoAt(j.fromMs),
    to: isoAt(j.toMs),
    fromMs: j.fromMs,
    toMs: j.toMs,
    actualFrom: j.actualFromMs === null ? null : isoAt(j.actualFromMs),
    actualTo: j.actualToMs === null ? null : isoAt(j.actualToMs),
    actualFromMs: j.actualFromMs,
    actualToMs: j.actualToMs,
    watermark: j.watermark,
    pinned: j.pinned,
    keepUntil: j.keepUntilMs === null ? null : isoAt(j.keepUntilMs),
    file: j.state === 'done' && j.fileSha256 && j.fileSize !== null ? { name, sha256: j.fileSha256, size: j.fileSize, url: `/api/exports/${j.id}/file` } : null,
    manifestUrl: j.state === 'done' ? `/api/exports/${j.id}/manifest` : null,
    createdBy: { id: j.createdById, name: j.createdByName },
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  };
}

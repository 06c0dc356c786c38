import { newId } from '../../../src/util/ids';
import type { Builder } from './operations';
import type { Org } from './org';
import { none, nonEmpty, sideDomain, targeted } from './plan-helpers';

/** How to exercise each operation of the recording slice (recordings, playback, exports, retention, holds). */
export const RECORDING_BUILDERS: Record<string, Builder> = {
  'GET /api/cameras/{id}/recordings': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    const seg = await seedSegment(org, id);
    return { method: 'GET', url: `/api/cameras/${id}/recordings?from=${seg.startMs - 60_000}&to=${seg.startMs + 60_000}`, subjects: [id] };
  }),
  'GET /api/cameras/{id}/playback.m3u8': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    const seg = await seedSegment(org, id);
    return { method: 'GET', url: `/api/cameras/${id}/playback.m3u8?from=${seg.startMs}&to=${seg.startMs + 4000}`, subjects: [id] };
  }),
  'GET /api/recordings/segments/{id}': targeted(async ({ org, side }) => {
    const seg = await seedSegment(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/recordings/segments/${seg.id}`, subjects: [seg.id] };
  }),
  'GET /api/recordings/search': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    const seg = await seedSegment(org, id);
    return { method: 'GET', url: `/api/recordings/search?cameraIds=${id}&from=${seg.startMs - 1000}&to=${seg.startMs + 5000}`, subjects: [id], okCheck: nonEmpty };
  }),
  'GET /api/recordings/status': none(() => ({ method: 'GET', url: '/api/recordings/status', subjects: [] })),
  'GET /api/cameras/{id}/recording-state': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    return { method: 'GET', url: `/api/cameras/${id}/recording-state`, subjects: [id] };
  }),
  'GET /api/cameras/{id}/recording-settings': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    return { method: 'GET', url: `/api/cameras/${id}/recording-settings`, subjects: [id] };
  }),
  'PUT /api/cameras/{id}/recording-settings': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    return { method: 'PUT', url: `/api/cameras/${id}/recording-settings`, body: { mode: 'off', maxAgeHours: 72 }, subjects: [id], state: recordingRows(org, 'camera_recording_settings', 'camera_id', id) };
  }),
  'POST /api/cameras/{id}/exports': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    const seg = await seedSegment(org, id);
    return {
      method: 'POST',
      url: `/api/cameras/${id}/exports`,
      body: { from: String(seg.startMs), to: String(seg.startMs + 4000) },
      subjects: [id],
      state: recordingRows(org, 'recording_exports', 'camera_id', id),
    };
  }),
  'GET /api/exports': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.cameraB : org.cameraA1;
    await seedExport(org, id);
    return { method: 'GET', url: `/api/exports?cameraId=${id}`, subjects: [id], okCheck: nonEmpty };
  }),
  'GET /api/exports/public-key': none(() => ({ method: 'GET', url: '/api/exports/public-key', subjects: [] })),
  'POST /api/exports/verify': none(() => ({ method: 'POST', url: '/api/exports/verify', body: { manifest: { format: 'argus-export-manifest' }, fileSha256: 'a'.repeat(64) }, subjects: [] })),
  'GET /api/exports/{id}': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/exports/${id}`, subjects: [id] };
  }),
  'GET /api/exports/{id}/manifest': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/exports/${id}/manifest`, subjects: [id] };
  }),
  'GET /api/exports/{id}/file': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'GET', url: `/api/exports/${id}/file`, subjects: [id] };
  }),
  'DELETE /api/exports/{id}': targeted(async ({ org, side }) => {
    const id = await seedExport(org, side === 'out' ? org.cameraB : org.cameraA1);
    return { method: 'DELETE', url: `/api/exports/${id}`, subjects: [id], state: recordingRows(org, 'recording_exports', 'id', id) };
  }),
  'GET /api/camera-groups/{id}/recording-settings': targeted(async ({ org, side }) => {
    const id = side === 'out' ? org.groupB : org.groupA1;
    return { method: 'GET', url: `/api/camera-groups/${id}/recording-settings`, subjects: [id] };
  }),
  'PUT /api/camera-groups/{id}/recording-settings': targeted(async ({ org, side, f }) => {
    const id = await f.group(sideDomain(org, side));
    return { method: 'PUT', url: `/api/camera-groups/${id}/recording-settings`, body: { maxAgeHours: 48 }, subjects: [id], state: policyRows(org, id) };
  }),
  'GET /api/domains/{id}/recording-settings': targeted(async ({ org, side }) => {
    const d = sideDomain(org, side);
    return { method: 'GET', url: `/api/domains/${d.id}/recording-settings`, subjects: [d.id] };
  }),
  'PUT /api/domains/{id}/recording-settings': targeted(async ({ org, side, f }) => {
    const id = await f.domain(sideDomain(org, side));
    return { method: 'PUT', url: `/api/domains/${id}/recording-settings`, body: { maxBytes: 5_000_000_000 }, subjects: [id], state: policyRows(org, id) };
  }),
  'POST /api/cameras/{id}/recording-holds': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    const now = Date.now();
    return {
      method: 'POST',
      url: `/api/cameras/${id}/recording-holds`,
      body: { from: String(now - 60_000), to: String(now), reason: 'access matrix' },
      subjects: [id],
      state: holdRows(org, id),
    };
  }),
  'GET /api/cameras/{id}/recording-holds': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    return { method: 'GET', url: `/api/cameras/${id}/recording-holds`, subjects: [id] };
  }),
  'DELETE /api/cameras/{id}/recording-holds/{holdId}': targeted(async ({ org, side, f }) => {
    const id = await f.camera(sideDomain(org, side));
    const now = Date.now();
    const hold = await org.t.admin.post<{ id: string }>(`/api/cameras/${id}/recording-holds`, { from: String(now - 60_000), to: String(now), reason: 'access matrix' });
    return { method: 'DELETE', url: `/api/cameras/${id}/recording-holds/${hold.body.id}`, subjects: [id], state: holdRows(org, id) };
  }),
};

// ---- helpers of the recording block: index rows and export jobs written straight into the server under test ----
let recordingSeeds = 0;

/** A segment of the camera ten minutes ago, indexed and stored (2 KiB of bytes; the matrix checks rights, not video). */
async function seedSegment(org: Org, cameraId: string): Promise<{ id: string; startMs: number }> {
  const c = org.t.server.container;
  const n = ++recordingSeeds;
  const startMs = Date.now() - 600_000 + n * 10;
  const id = `seg_matrix${n.toString(36)}`;
  const key = `rec/${cameraId}/matrix/${id}.mp4`;
  const bytes = Buffer.alloc(2048, n % 251);
  await c.blobs.put(key, bytes);
  await c.segmentIndex.insert({
    id, cameraId, startMs, endMs: startMs + 4000, durationMs: 4000, sizeBytes: bytes.length, videoCodec: 'h264', width: 640, height: 360, hasAudio: false,
    initSize: 1024, sha256: 'ab'.repeat(32), storageKey: key, sessionId: 'matrix', sequence: n, recovered: false, keepUntilMs: null, createdAt: new Date().toISOString(),
  });
  return { id, startMs };
}

/** A finished export of the camera (row, manifest and file), as the export queue leaves one. */
async function seedExport(org: Org, cameraId: string): Promise<string> {
  const c = org.t.server.container;
  const camera = await c.camerasRepo.byId(cameraId);
  const id = newId('exp');
  const fileKey = `exp/${id}/matrix.mp4`;
  await c.blobs.put(fileKey, Buffer.alloc(1024, 7));
  const now = Date.now();
  await c.db.kysely
    .insertInto('recording_exports')
    .values({
      id, camera_id: cameraId, camera_name: camera?.name ?? 'x', domain_path: camera?.domain_path ?? '/', state: 'done', progress: 1, error: null,
      from_ms: now - 60_000, to_ms: now, actual_from_ms: now - 60_000, actual_to_ms: now, watermark: 0, pinned: 0, keep_until: null, file_key: fileKey,
      file_sha256: 'cd'.repeat(32), file_size: 1024, manifest: JSON.stringify(matrixManifest(id, cameraId, camera?.name ?? 'x', now)),
      created_by_id: null, created_by_name: 'matrix', created_at: new Date(now).toISOString(), finished_at: new Date(now).toISOString(),
    })
    .execute();
  return id;
}

/** A complete (unsigned-looking but well-formed) manifest, the shape GET /api/exports/{id}/manifest returns. */
function matrixManifest(exportId: string, cameraId: string, cameraName: string, now: number) {
  const span = { start: new Date(now - 60_000).toISOString(), end: new Date(now).toISOString(), startMs: now - 60_000, endMs: now };
  return {
    format: 'argus-export-manifest', version: 1, exportId, camera: { id: cameraId, name: cameraName }, requestedRange: span, actualRange: span, gaps: [],
    watermark: false, exportedBy: { id: null, name: 'matrix', kind: 'system' }, createdAt: span.end, segments: [],
    file: { name: 'matrix.mp4', sha256: 'cd'.repeat(32), size: 1024, contentType: 'video/mp4' }, signature: { algorithm: 'Ed25519', keyId: 'matrix', value: '' },
  };
}

/** Group or domain retention defaults (recording block). */
function policyRows(org: Org, scopeId: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('recording_policies').selectAll().where('scope_id', '=', scopeId).execute());
}

/** Recording holds of a camera (recording block). */
function holdRows(org: Org, cameraId: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () => JSON.stringify(await db.selectFrom('recording_holds').selectAll().where('camera_id', '=', cameraId).execute());
}

function recordingRows(org: Org, table: 'camera_recording_settings' | 'recording_exports', column: 'camera_id' | 'id', value: string): () => Promise<string> {
  const db = org.t.server.container.db.kysely;
  return async () =>
    JSON.stringify(
      table === 'camera_recording_settings'
        ? await db.selectFrom('camera_recording_settings').selectAll().where('camera_id', '=', value).execute()
        : await db.selectFrom('recording_exports').selectAll().where(column === 'id' ? 'id' : 'camera_id', '=', value).execute(),
    );
}

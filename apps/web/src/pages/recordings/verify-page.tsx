// Export verification in the browser: the MP4's SHA-256 is computed here (the clip never leaves the machine), the
// manifest and the hash go to POST /api/exports/verify, and the verdict is shown.
import { useState, type FormEvent } from 'react';
import type { Schemas } from '@argus/sdk';
import { api, call } from '../../lib/api';
import { PageHeader } from '../../layout/shell';
import { Field, ProblemBanner } from '../../components/form';

type Manifest = Schemas['ExportManifest'];
type Verdict = { valid: boolean; signatureValid: boolean; fileMatches: boolean | null; keyId: string; problems: string[] };

/** Browsers hash a whole ArrayBuffer at once (SubtleCrypto has no streaming): larger clips need the hash typed in. */
const MAX_HASH_BYTES = 1024 * 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

async function sha256Of(file: File): Promise<string> {
  if (!globalThis.crypto?.subtle) throw new Error('This browser cannot hash files here (SubtleCrypto needs HTTPS or localhost): type the SHA-256 instead.');
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function manifestOf(file: File): Promise<Manifest> {
  try {
    return JSON.parse(await file.text()) as Manifest;
  } catch {
    throw new Error(`${file.name} is not a JSON manifest.`);
  }
}

const when = (ms: number) => new Date(ms).toLocaleString();

export function VerifyPage() {
  const [clip, setClip] = useState<File | null>(null);
  const [manifestFile, setManifestFile] = useState<File | null>(null);
  const [typedHash, setTypedHash] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ verdict: Verdict; manifest: Manifest; sha256: string | null } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!manifestFile) return;
    setError(null);
    setResult(null);
    try {
      setBusy('Reading the manifest…');
      const manifest = await manifestOf(manifestFile);
      let sha256: string | null = typedHash.trim().toLowerCase() || null;
      if (sha256 !== null && !SHA256.test(sha256)) throw new Error('A SHA-256 has 64 hexadecimal digits.');
      if (sha256 === null && clip) {
        if (clip.size > MAX_HASH_BYTES) throw new Error('This clip is too large to hash in the browser: run `sha256sum` on it and type the hash.');
        setBusy(`Hashing ${clip.name}…`);
        sha256 = await sha256Of(clip);
      }
      setBusy('Asking the server…');
      const body = { manifest: manifest as unknown as Record<string, unknown>, ...(sha256 ? { fileSha256: sha256 } : {}), ...(clip && sha256 && !typedHash.trim() ? { fileSize: clip.size } : {}) };
      const verdict = await call(api.POST('/api/exports/verify', { body }));
      setResult({ verdict, manifest, sha256 });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  const v = result?.verdict;
  return (
    <div className="page page-verify">
      <PageHeader title="Verify an export" subtitle="Checks that a clip and its manifest are exactly what this server exported and signed." />
      <div className="panel">
        <form className="form" onSubmit={(e) => void submit(e)}>
          <Field label="Manifest (.manifest.json)">
            {(id) => <input id={id} type="file" accept=".json,application/json" onChange={(e) => setManifestFile(e.target.files?.[0] ?? null)} data-testid="verify-manifest" />}
          </Field>
          <Field label="Exported clip (.mp4), hashed in this browser">
            {(id) => <input id={id} type="file" accept="video/mp4,.mp4" onChange={(e) => setClip(e.target.files?.[0] ?? null)} data-testid="verify-clip" />}
          </Field>
          <Field label="…or its SHA-256 (for clips over 1 GiB: sha256sum clip.mp4)">
            {(id) => <input id={id} value={typedHash} onChange={(e) => setTypedHash(e.target.value)} spellCheck={false} data-testid="verify-hash" />}
          </Field>
          <ProblemBanner error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={!manifestFile || busy !== null} data-testid="verify-submit">
              {busy ?? 'Verify'}
            </button>
          </div>
        </form>
      </div>
      {v && result && (
        <div className="panel" data-testid="verify-result" data-valid={String(v.valid)}>
          <div className={`banner ${v.valid && v.fileMatches === true ? 'banner-ok' : 'banner-error'}`} role="status" data-testid="verify-verdict">
            {v.valid && v.fileMatches === true
              ? 'Authentic: the signature is this server’s and the clip is exactly the exported file.'
              : v.valid
                ? 'The manifest is authentic, but no clip was checked against it.'
                : 'NOT VERIFIED: this clip or manifest is not what the server exported.'}
          </div>
          <dl className="details">
            <dt>Signature</dt>
            <dd data-testid="verify-signature">{v.signatureValid ? `valid (key ${v.keyId})` : 'invalid'}</dd>
            <dt>Clip</dt>
            <dd data-testid="verify-file">{v.fileMatches === null ? 'not checked' : v.fileMatches ? 'matches the manifest' : 'differs from the manifest'}</dd>
            {result.sha256 && (
              <>
                <dt>SHA-256</dt>
                <dd className="mono">{result.sha256}</dd>
              </>
            )}
            {result.manifest.camera && (
              <>
                <dt>Camera</dt>
                <dd>{result.manifest.camera.name}</dd>
              </>
            )}
            {result.manifest.actualRange && (
              <>
                <dt>Range</dt>
                <dd>
                  {when(result.manifest.actualRange.startMs)} – {when(result.manifest.actualRange.endMs)}
                </dd>
              </>
            )}
            {v.problems.length > 0 && (
              <>
                <dt>Problems</dt>
                <dd>
                  <ul data-testid="verify-problems">
                    {v.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
    </div>
  );
}

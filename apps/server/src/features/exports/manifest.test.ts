import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { canonicalJson, signManifest, verifyManifest, type ExportManifest } from './manifest';
import { loadSigningKey, readVerifyingKey, verifyingKeyOf } from './signing-key';

describe('export manifests', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const keyIn = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'argus-key-'));
    dirs.push(dir);
    return { dir, key: loadSigningKey(dir) };
  };
  const manifest: ExportManifest = {
    format: 'argus-export-manifest',
    version: 1,
    exportId: 'exp_1',
    camera: { id: 'cam_1', name: 'Gate' },
    requestedRange: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:01:00.000Z', startMs: 1767225600000, endMs: 1767225660000 },
    actualRange: { start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T00:01:02.000Z', startMs: 1767225600000, endMs: 1767225662000 },
    gaps: [],
    watermark: false,
    exportedBy: { id: 'usr_1', name: 'admin', kind: 'user' },
    createdAt: '2026-01-02T00:00:00.000Z',
    segments: [{ id: 'seg_1', start: 'a', end: 'b', startMs: 1, endMs: 2, sha256: 'f'.repeat(64) }],
    file: { name: 'x.mp4', sha256: 'a'.repeat(64), size: 1234, contentType: 'video/mp4' },
  };

  it('writes canonical JSON: sorted keys, no spaces, only plain values', () => {
    assert.equal(canonicalJson({ b: 1, a: [true, null, 'x"y'], c: { z: 1, y: 2 } }), '{"a":[true,null,"x\\"y"],"b":1,"c":{"y":2,"z":1}}');
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
    assert.throws(() => canonicalJson({ a: Number.NaN }));
    assert.throws(() => canonicalJson({ a: () => 1 }));
  });

  it('keeps one key per data folder, private (0600), and verifies what it signed', async () => {
    const { dir, key } = await keyIn();
    assert.equal((await stat(path.join(dir, 'export-signing-key.pem'))).mode & 0o777, 0o600);
    assert.equal(loadSigningKey(dir).keyId, key.keyId, 'the same key on the next start');
    assert.equal(readVerifyingKey(dir)?.keyId, key.keyId);
    const signed = signManifest(manifest, key);
    const r = verifyManifest(JSON.parse(JSON.stringify(signed)), key, { sha256: 'a'.repeat(64), size: 1234 });
    assert.deepEqual(r, { valid: true, signatureValid: true, fileMatches: true, keyId: key.keyId, problems: [] });
    const pub = verifyingKeyOf(key.publicKeyPem);
    assert.equal(verifyManifest(signed, pub).valid, true, 'the public key alone verifies');
  });

  it('detects any change to the manifest or the file', async () => {
    const { key } = await keyIn();
    const signed = signManifest(manifest, key);
    const tamper = (f: (m: any) => void) => {
      const m = JSON.parse(JSON.stringify(signed));
      f(m);
      return verifyManifest(m, key, { sha256: 'a'.repeat(64) });
    };
    assert.equal(tamper((m) => (m.actualRange.endMs += 1)).valid, false, 'range edited');
    assert.equal(tamper((m) => (m.camera.name = 'Other')).valid, false, 'camera edited');
    assert.equal(tamper((m) => m.segments.pop()).valid, false, 'segment removed');
    assert.equal(tamper((m) => (m.extra = 1)).valid, false, 'field added');
    assert.equal(tamper((m) => delete m.signature).valid, false, 'signature removed');
    assert.equal(tamper((m) => (m.signature.value = Buffer.alloc(64).toString('base64'))).valid, false, 'signature replaced');
    const otherFile = verifyManifest(signed, key, { sha256: 'b'.repeat(64) });
    assert.equal(otherFile.valid, false);
    assert.equal(otherFile.signatureValid, true);
    assert.equal(otherFile.fileMatches, false);
    assert.equal(verifyManifest(signed, key, { sha256: 'a'.repeat(64), size: 1 }).fileMatches, false, 'size differs');
    const { key: otherKey } = await keyIn();
    assert.equal(verifyManifest(signed, otherKey).valid, false, "another server's key");
    assert.equal(verifyManifest('not json', key).valid, false);
    assert.equal(verifyManifest([], key).valid, false);
  });
});

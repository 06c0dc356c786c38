import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type LocalServer, startStaticHttpServer } from '@argus/media';
import { ModelError } from './model-errors';
import { type FetchLike, type ModelSpec, downloadVerified, modelFolders, resolveModel, sha256Hex } from './model-resolve';

describe('resolveModel', () => {
  let dir: string;
  let server: LocalServer;
  const content = new TextEncoder().encode('not really a model, but bytes with a known sha256\n');
  const sha = sha256Hex(content);
  let fetchCalls: string[];
  const countingFetch: FetchLike = (url, init) => {
    fetchCalls.push(url);
    return fetch(url, init);
  };
  const spec = (urls: string[], sha256 = sha): ModelSpec => ({ fileName: 'argus-test-model.bin', sha256, urls });
  const env = {}; // no ARGUS_MODELS_DIR / ARGUS_MODEL_CACHE / ARGUS_MODEL_DOWNLOAD from the caller's environment

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'argus-model-resolve-'));
    await mkdir(path.join(dir, 'served'));
    await writeFile(path.join(dir, 'served', 'model.bin'), content);
    server = await startStaticHttpServer(path.join(dir, 'served'));
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const fresh = async (name: string) => {
    fetchCalls = [];
    const d = path.join(dir, name);
    await mkdir(d, { recursive: true });
    return d;
  };

  it('uses an explicit path, and fails clearly when it does not exist (no silent fallback)', async () => {
    const d = await fresh('explicit');
    const file = path.join(d, 'mine.onnx');
    await writeFile(file, 'x');
    assert.deepEqual(await resolveModel(spec([]), { modelPath: file, env }), { path: file, source: 'path' });
    await assert.rejects(resolveModel(spec([server.url('/model.bin')]), { modelPath: path.join(d, 'nope.onnx'), fetch: countingFetch, env }), (err: unknown) =>
      err instanceof ModelError && err.code === 'MODEL_NOT_FOUND' && /nope\.onnx: no such file/.test(err.message),
    );
    assert.deepEqual(fetchCalls, []);
  });

  it('finds the file in the configured folder before ARGUS_MODELS_DIR, without fetching', async () => {
    const d = await fresh('folders');
    await mkdir(path.join(d, 'a'));
    await mkdir(path.join(d, 'b'));
    await writeFile(path.join(d, 'b', 'argus-test-model.bin'), 'b');
    const r = await resolveModel(spec([server.url('/model.bin')]), { modelsDir: path.join(d, 'a'), env: { ARGUS_MODELS_DIR: path.join(d, 'b') }, fetch: countingFetch, cacheDir: path.join(d, 'cache') });
    assert.deepEqual(r, { path: path.join(d, 'b', 'argus-test-model.bin'), source: 'folder' });
    assert.deepEqual(fetchCalls, []);
    const folders = modelFolders({ modelsDir: path.join(d, 'a'), env: { ARGUS_MODELS_DIR: path.join(d, 'b') } });
    assert.deepEqual(folders.slice(0, 2), [path.join(d, 'a'), path.join(d, 'b')]);
    assert.match(folders[2]!, /shared[/\\]models$/);
  });

  it('downloads from the official location into the cache, checks the sha256, then reuses the cache', async () => {
    const d = await fresh('download');
    const cacheDir = path.join(d, 'cache');
    const r = await resolveModel(spec([server.url('/model.bin')]), { cacheDir, fetch: countingFetch, env });
    assert.deepEqual(r, { path: path.join(cacheDir, 'argus-test-model.bin'), source: 'download', sha256: sha });
    assert.deepEqual(await readFile(r.path), Buffer.from(content));
    assert.equal(fetchCalls.length, 1);
    const again = await resolveModel(spec([server.url('/model.bin')]), { cacheDir, fetch: countingFetch, env });
    assert.equal(again.source, 'cache');
    assert.equal(fetchCalls.length, 1);
  });

  it('works with the global fetch by default (127.0.0.1 only)', async () => {
    const d = await fresh('global-fetch');
    const r = await resolveModel(spec([server.url('/model.bin')]), { cacheDir: path.join(d, 'cache'), env });
    assert.equal(r.source, 'download');
  });

  it('discards a download with the wrong sha256 and says so, trying the next location', async () => {
    const d = await fresh('checksum');
    const cacheDir = path.join(d, 'cache');
    const wrong = 'ab'.repeat(32);
    await assert.rejects(resolveModel(spec([server.url('/model.bin'), server.url('/missing.bin')], wrong), { cacheDir, fetch: countingFetch, env }), (err: unknown) => {
      assert.ok(err instanceof ModelError);
      assert.equal(err.code, 'MODEL_NOT_FOUND');
      assert.match(err.message, new RegExp(`sha256 mismatch, expected ${wrong}, got ${sha}`));
      assert.match(err.message, /missing\.bin failed: HTTP 404/);
      assert.match(err.message, /packaged fallback \(not configured\)/);
      return true;
    });
    assert.equal(fetchCalls.length, 2);
    assert.deepEqual(existsSync(cacheDir) ? await readdir(cacheDir) : [], []);
  });

  it('ignores a cached file whose sha256 does not match and downloads again', async () => {
    const d = await fresh('bad-cache');
    const cacheDir = path.join(d, 'cache');
    await mkdir(cacheDir);
    await writeFile(path.join(cacheDir, 'argus-test-model.bin'), 'corrupt');
    const r = await resolveModel(spec([server.url('/model.bin')]), { cacheDir, fetch: countingFetch, env });
    assert.equal(r.source, 'download');
    assert.deepEqual(await readFile(r.path), Buffer.from(content));
  });

  it('with downloads off, uses the packaged fallback hook, else lists everything it tried', async () => {
    const d = await fresh('offline');
    const opts = { cacheDir: path.join(d, 'cache'), fetch: countingFetch, env: { ARGUS_MODEL_DOWNLOAD: '0' } };
    const packaged = path.join(d, 'packaged.bin');
    assert.deepEqual(await resolveModel(spec([server.url('/model.bin')]), { ...opts, packagedFallback: async () => packaged }), { path: packaged, source: 'packaged' });
    await assert.rejects(resolveModel(spec([server.url('/model.bin')]), { ...opts, packagedFallback: async () => null }), (err: unknown) => {
      assert.ok(err instanceof ModelError && err.code === 'MODEL_NOT_FOUND');
      assert.match(err.message, /^model argus-test-model\.bin not found; tried: /);
      assert.match(err.message, /shared[/\\]models[/\\]argus-test-model\.bin/);
      assert.match(err.message, /not downloaded yet/);
      assert.match(err.message, /download \(turned off\)/);
      assert.match(err.message, /packaged fallback \(none available\)/);
      return true;
    });
    assert.deepEqual(fetchCalls, []);
  });

  it('reports an unreachable server and a too-large file as download errors', async () => {
    const d = await fresh('unreachable');
    const closed = await startStaticHttpServer(d);
    const url = closed.url('/model.bin');
    await closed.close();
    await assert.rejects(downloadVerified(url, path.join(d, 'x'), sha, { timeoutMs: 5000 }), (err: unknown) => err instanceof ModelError && err.code === 'MODEL_DOWNLOAD' && err.message.startsWith(`download of ${url} failed:`));
    await assert.rejects(downloadVerified(server.url('/model.bin'), path.join(d, 'x'), sha, { maxBytes: 10 }), /over the limit of 10/);
    assert.equal(existsSync(path.join(d, 'x')), false);
  });
});

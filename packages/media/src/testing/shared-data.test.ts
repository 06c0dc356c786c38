import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, findFreePort, requireFile, requireSharedFile, sharedDatasetsDir } from './shared-data';

function recorder() {
  const skipped: string[] = [];
  return { skipped, t: { skip: (message?: string) => void skipped.push(message ?? '') } };
}

describe('shared data', () => {
  it('defaults to ../shared/datasets beside the repository, or ARGUS_SHARED_DATASETS', () => {
    assert.equal(sharedDatasetsDir({}), path.resolve(REPO_ROOT, '../shared/datasets'));
    assert.equal(sharedDatasetsDir({ ARGUS_SHARED_DATASETS: '/data/sets' }), '/data/sets');
    assert.ok(path.isAbsolute(REPO_ROOT));
  });

  it('skips with a clear message locally when a file is missing', () => {
    const { skipped, t } = recorder();
    const env = { ARGUS_SHARED_DATASETS: '/nonexistent/datasets' };
    assert.equal(requireSharedFile('videos/x.mp4', t, env), undefined);
    assert.equal(skipped.length, 1);
    assert.match(skipped[0] ?? '', /missing test data \/nonexistent\/datasets\/videos\/x\.mp4: .*ARGUS_SHARED_DATASETS/);
  });

  it('fails loudly in CI when a file is missing', () => {
    const { skipped, t } = recorder();
    assert.throws(
      () => requireSharedFile('videos/x.mp4', t, { CI: 'true', ARGUS_SHARED_DATASETS: '/nonexistent/datasets' }),
      /missing test data .*CI is set/,
    );
    assert.deepEqual(skipped, []);
    assert.equal(requireFile('/nonexistent/x', t, 'why', { CI: 'false' }), undefined);
  });

  it('returns the path when the file exists', () => {
    const { t } = recorder();
    assert.equal(requireFile(REPO_ROOT, t, 'why', { CI: '1' }), REPO_ROOT);
  });

  it('finds a port that can be listened on', async () => {
    const port = await findFreePort();
    assert.ok(port > 0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

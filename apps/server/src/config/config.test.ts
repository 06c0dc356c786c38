import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './load';

describe('configuration', () => {
  it('has a default for everything', () => {
    const c = loadConfig({ env: {}, cwd: '/srv' });
    assert.equal(c.server.port, 8080);
    assert.equal(c.server.host, '127.0.0.1');
    assert.equal(c.dataDir, '/srv/data');
    assert.equal(c.database.url, '');
    assert.equal(c.demo.enabled, true);
  });
  it('reads ARGUS_DATA_DIR, PORT and ARGUS_PORT (ARGUS_PORT wins)', () => {
    assert.equal(loadConfig({ env: { PORT: '9000' } }).server.port, 9000);
    assert.equal(loadConfig({ env: { PORT: '9000', ARGUS_PORT: '9001' } }).server.port, 9001);
    assert.equal(loadConfig({ env: { ARGUS_DATA_DIR: '/tmp/x', ARGUS_DEMO: 'false' } }).dataDir, '/tmp/x');
    assert.equal(loadConfig({ env: { ARGUS_DEMO: 'false' } }).demo.enabled, false);
  });
  it('lists every bad value with where it came from', () => {
    try {
      loadConfig({ env: { ARGUS_PORT: '99999', ARGUS_LOG_LEVEL: 'loud', ARGUS_DATABASE_POOL_SIZE: 'many' } });
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 3, err.message);
      assert.match(err.message, /server\.port: .*\(from env ARGUS_PORT="99999"\)/);
      assert.match(err.message, /server\.logLevel/);
      assert.match(err.message, /database\.poolSize/);
    }
  });
  it('rejects unknown options in a config file', () => {
    assert.throws(() => loadConfig({ env: {}, overrides: { 'server.colour': 'blue' } }), /server: Unrecognized key/);
  });
});

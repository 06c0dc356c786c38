import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Access } from './access';
import { childPath, isWithin, minimalPrefixes, rebasePath, rootPath } from './domain-path';
import { roleFitsWithin, ROLE_PERMISSIONS } from './roles';

const root = rootPath('r');
const north = childPath(root, 'n');
const store = childPath(north, 's');
const south = childPath(root, 'x');
const principal = { kind: 'user' as const, userId: 'u', username: 'u' };

describe('domain paths', () => {
  it('nest by prefix and never confuse siblings with similar ids', () => {
    assert.equal(store, '/r/n/s/');
    assert.ok(isWithin(store, north));
    assert.ok(!isWithin(north, store));
    assert.ok(!isWithin(childPath(root, 'nn'), north), '/r/nn/ is not inside /r/n/');
  });
  it('rebases a subtree and keeps minimal prefixes', () => {
    assert.equal(rebasePath(store, north, childPath(south, 'n')), '/r/x/n/s/');
    assert.throws(() => rebasePath(south, north, root));
    assert.deepEqual(minimalPrefixes([store, north, south, north]), [north, south].sort());
  });
});

describe('Access', () => {
  it('gives a role on a domain and every sub-domain, not on parents or siblings', () => {
    const a = new Access(principal, [{ domainId: 'n', domainPath: north, role: 'viewer' }]);
    assert.ok(a.can('cameras.read', north));
    assert.ok(a.can('cameras.read', store));
    assert.ok(!a.can('cameras.read', root));
    assert.ok(!a.can('cameras.read', south));
    assert.ok(!a.can('cameras.manage', store));
    assert.deepEqual(a.scope('cameras.read'), [north]);
    assert.deepEqual(a.scope('cameras.manage'), []);
  });
  it('unions grants: operator on a store plus viewer on the region', () => {
    const a = new Access(principal, [
      { domainId: 'n', domainPath: north, role: 'viewer' },
      { domainId: 's', domainPath: store, role: 'operator' },
    ]);
    assert.ok(a.can('cameras.manage', store));
    assert.ok(!a.can('cameras.manage', north));
    assert.deepEqual(a.scope('cameras.read'), [north]);
    assert.ok(a.permissionsAt(store).has('recordings.export'));
    assert.ok(!a.permissionsAt(north).has('recordings.export'));
  });
  it('keeps auditors away from video and viewers away from the audit log', () => {
    assert.ok(!ROLE_PERMISSIONS.auditor.has('live.view'));
    assert.ok(!ROLE_PERMISSIONS.auditor.has('recordings.view'));
    assert.ok(ROLE_PERMISSIONS.auditor.has('audit.read'));
    assert.ok(!ROLE_PERMISSIONS.viewer.has('audit.read'));
  });
  it('lets a role be granted only within the granter\'s own rights', () => {
    assert.ok(roleFitsWithin('viewer', ROLE_PERMISSIONS.operator));
    assert.ok(!roleFitsWithin('administrator', ROLE_PERMISSIONS.operator));
    assert.ok(!roleFitsWithin('auditor', ROLE_PERMISSIONS.operator), 'operators cannot read the audit log, so cannot grant it');
  });
});

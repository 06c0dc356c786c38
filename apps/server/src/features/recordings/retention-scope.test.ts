import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainChain, resolveCameraRetention, resolveRetention, type RetentionLimits } from './retention-scope';

const none: RetentionLimits = { maxAgeHours: null, maxBytes: null };
const global: RetentionLimits = { maxAgeHours: 720, maxBytes: null };

describe('resolveRetention', () => {
  it('the camera setting wins over groups, domains and the global default', () => {
    const r = resolveRetention({ camera: { maxAgeHours: 5, maxBytes: 10 }, groups: [{ maxAgeHours: 1, maxBytes: 1 }], domainChain: [{ maxAgeHours: 2, maxBytes: 2 }], global });
    assert.deepEqual(r, { maxAgeHours: 5, maxBytes: 10, maxAgeSource: 'camera', maxBytesSource: 'camera' });
  });

  it('takes the strictest of several groups, per limit', () => {
    const r = resolveRetention({ camera: none, groups: [{ maxAgeHours: 48, maxBytes: null }, { maxAgeHours: 24, maxBytes: 5e9 }, none], domainChain: [{ maxAgeHours: 1, maxBytes: 1 }], global });
    assert.deepEqual(r, { maxAgeHours: 24, maxBytes: 5e9, maxAgeSource: 'group', maxBytesSource: 'group' });
  });

  it('falls back to the nearest domain that sets a limit, then to the global default', () => {
    const r = resolveRetention({ camera: none, groups: [none], domainChain: [null, { maxAgeHours: null, maxBytes: 7e9 }, { maxAgeHours: 100, maxBytes: 1 }], global });
    assert.deepEqual(r, { maxAgeHours: 100, maxBytes: 7e9, maxAgeSource: 'domain', maxBytesSource: 'domain' });
    const g = resolveRetention({ camera: none, groups: [], domainChain: [null], global });
    assert.deepEqual(g, { maxAgeHours: 720, maxBytes: null, maxAgeSource: 'global', maxBytesSource: 'none' });
  });

  it('resolves each limit independently (age from the camera, size from a domain)', () => {
    const r = resolveRetention({ camera: { maxAgeHours: 3, maxBytes: null }, groups: [], domainChain: [{ maxAgeHours: 9, maxBytes: 8 }], global });
    assert.deepEqual(r, { maxAgeHours: 3, maxBytes: 8, maxAgeSource: 'camera', maxBytesSource: 'domain' });
  });
});

describe('domainChain', () => {
  it('walks from the domain to the root and survives a cycle or a missing parent', () => {
    const parents = new Map<string, string | null>([['c', 'b'], ['b', 'a'], ['a', null]]);
    assert.deepEqual(domainChain('c', parents), ['c', 'b', 'a']);
    assert.deepEqual(domainChain('x', new Map([['x', 'y'], ['y', 'x']])), ['x', 'y']);
    assert.deepEqual(domainChain('lost', parents), ['lost']);
  });
});

describe('resolveCameraRetention', () => {
  it('looks groups and ancestor domains up in the preloaded scopes', () => {
    const scopes = {
      groupPolicies: new Map([['g1', { maxAgeHours: 12, maxBytes: null }]]),
      domainPolicies: new Map([['root', { maxAgeHours: 48, maxBytes: 1e9 }]]),
      memberships: new Map([['cam', ['g1', 'g-without-policy']]]),
      domainParents: new Map<string, string | null>([['site', 'root'], ['root', null]]),
    };
    const r = resolveCameraRetention({ id: 'cam', domainId: 'site', own: none }, scopes, global);
    assert.deepEqual(r, { maxAgeHours: 12, maxBytes: 1e9, maxAgeSource: 'group', maxBytesSource: 'domain' });
  });
});

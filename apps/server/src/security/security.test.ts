import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords';
import { FailureLimiter } from './rate-limiter';
import { SecretBox } from './secret-box';

describe('passwords', () => {
  it('hash with scrypt, verify, and reject a wrong password', async () => {
    const h = await hashPassword('correct horse');
    assert.match(h, /^scrypt\$32768\$8\$1\$/);
    assert.ok(await verifyPassword('correct horse', h));
    assert.ok(!(await verifyPassword('correct hors', h)));
    assert.notEqual(await hashPassword('correct horse'), h, 'salted');
    assert.ok(!(await verifyPassword('x', 'garbage')));
  });
});

describe('SecretBox', () => {
  it('round-trips and detects tampering', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('cam-password');
    assert.ok(!sealed.includes('cam-password'));
    assert.equal(box.open(sealed), 'cam-password');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    assert.throws(() => box.open(parts.join('.')));
    assert.throws(() => new SecretBox(randomBytes(16)));
    assert.throws(() => new SecretBox(randomBytes(32)).open(sealed), 'another key cannot open it');
  });
});

describe('FailureLimiter', () => {
  it('blocks after N failures in the window and frees up as it slides', () => {
    const l = new FailureLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      assert.equal(l.retryAfterSeconds('k', 1000 + i), 0);
      l.recordFailure('k', 1000 + i);
    }
    assert.equal(l.retryAfterSeconds('k', 2000), 59);
    assert.equal(l.retryAfterSeconds('other', 2000), 0);
    assert.equal(l.retryAfterSeconds('k', 61_001), 0, 'the first failure left the window');
    l.reset('k');
    assert.equal(l.retryAfterSeconds('k', 2000), 0);
  });
  it('stays bounded in memory', () => {
    const l = new FailureLimiter(1, 60_000, 100);
    for (let i = 0; i < 1000; i++) l.recordFailure(`k${i}`, 1);
    assert.equal(l.retryAfterSeconds('k999', 2), 60);
    assert.equal(l.retryAfterSeconds('k0', 2), 0, 'oldest keys are forgotten first');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { depacketize, FU_A, packetizeAccessUnit, packetizeNal } from './h264-rtp-packetizer';

const nal = (type: number, size: number): Buffer => {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) b[i] = (i * 7) & 0xff;
  b[0] = 0x60 | type;
  return b;
};

describe('H.264 RTP packetizer (packetization-mode 1)', () => {
  it('sends a small NAL unit as one packet', () => {
    const n = nal(1, 500);
    assert.deepEqual(packetizeNal(n, 1200), [n]);
  });

  it('fragments a large NAL unit into FU-A with start and end bits and the original type', () => {
    const n = nal(5, 5000);
    const ps = packetizeNal(n, 1200);
    assert.equal(ps.length, Math.ceil(4999 / 1198));
    for (const [i, p] of ps.entries()) {
      assert.ok(p.length <= 1200);
      assert.equal(p[0]! & 0x1f, FU_A);
      assert.equal(p[0]! & 0x60, 0x60, 'NRI kept');
      assert.equal(p[1]! & 0x1f, 5);
      assert.equal((p[1]! & 0x80) !== 0, i === 0);
      assert.equal((p[1]! & 0x40) !== 0, i === ps.length - 1);
    }
  });

  it('round-trips an access unit', () => {
    const au = [nal(7, 20), nal(8, 4), nal(5, 3001), nal(5, 1200), nal(5, 1201)];
    assert.deepEqual(depacketize(packetizeAccessUnit(au, 1200)), au);
  });

  it('rejects an FU-A sequence without its end', () => {
    const ps = packetizeNal(nal(5, 3000), 1200);
    assert.throws(() => depacketize(ps.slice(0, -1)), /end fragment/);
  });
});

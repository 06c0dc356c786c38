import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSourceUrl } from './camera-url';

describe('source URLs', () => {
  it('moves credentials out of the URL', () => {
    const r = parseSourceUrl('rtsp', 'rtsp://admin:s%40cret@10.0.0.5:554/Streaming/101');
    assert.ok(r.ok);
    assert.equal(r.value.url, 'rtsp://10.0.0.5:554/Streaming/101');
    assert.equal(r.value.username, 'admin');
    assert.equal(r.value.password, 's@cret');
  });
  it('rejects schemes that do not fit the kind, and garbage', () => {
    assert.deepEqual(parseSourceUrl('rtsp', 'http://x/y').ok, false);
    assert.deepEqual(parseSourceUrl('rtmp', 'not a url').ok, false);
    assert.deepEqual(parseSourceUrl('http', '  ').ok, false);
    assert.deepEqual(parseSourceUrl('file', 'file:///').ok, false);
    for (const bad of ['rtsp://%ZZ@127.0.0.1/x', 'rtsp://user:%E0%A4%A@h/x', 'rtsp://%@h/x']) {
      assert.deepEqual(parseSourceUrl('rtsp', bad), { ok: false, reason: 'has a badly percent-encoded user name or password' }, bad);
    }
    const ok = parseSourceUrl('file', '/videos/clip.mp4');
    assert.ok(ok.ok && ok.value.url === 'file:///videos/clip.mp4');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets, redactUrlCredentials, resolveMediaTarget } from './source-url';

function target(url: string, username?: string, password?: string) {
  const r = resolveMediaTarget(url, username, password);
  assert.ok(r.ok, `expected ${url} to resolve`);
  return r.target;
}

describe('resolveMediaTarget', () => {
  it('injects credentials for the child only and redacts them for display', () => {
    const t = target('rtsp://10.0.0.5:554/Streaming/Channels/101', 'admin', 'p@ss:w/rd%');
    assert.equal(t.kind, 'rtsp');
    assert.equal(t.input, 'rtsp://admin:p%40ss%3Aw%2Frd%25@10.0.0.5:554/Streaming/Channels/101');
    assert.equal(t.display, 'rtsp://admin:***@10.0.0.5:554/Streaming/Channels/101');
    assert.equal(t.hasCredentials, true);
    assert.deepEqual(t.secrets, ['p@ss:w/rd%', 'p%40ss%3Aw%2Frd%25']);
  });

  it('keeps credentials already in the URL but redacts them', () => {
    const t = target('rtsps://cam:hunter22@host/live');
    assert.equal(t.input, 'rtsps://cam:hunter22@host/live');
    assert.equal(t.display, 'rtsps://cam:***@host/live');
    assert.deepEqual(t.secrets, ['hunter22']);
  });

  it('classifies schemes', () => {
    assert.equal(target('rtmp://host/live/key').kind, 'rtmp');
    assert.equal(target('https://host/a.mp4').kind, 'http');
    assert.equal(target('srt://host:9000').kind, 'other');
    assert.equal(target('RTSP://host/x').kind, 'rtsp');
  });

  it('turns file paths and file:// URLs into explicit file: inputs', () => {
    assert.deepEqual(target('/data/a b.mp4'), {
      kind: 'file', input: 'file:/data/a b.mp4', display: '/data/a b.mp4', hasCredentials: false, secrets: [],
    });
    assert.equal(target('file:///data/a%20b.mp4').input, 'file:/data/a b.mp4');
    assert.equal(target('clip.mp4').display, `${process.cwd()}/clip.mp4`);
    assert.equal(target('/data/odd:name.mp4').input, 'file:/data/odd:name.mp4');
  });

  it('rejects empty and malformed addresses with a sentence', () => {
    const empty = resolveMediaTarget('  ');
    assert.equal(empty.ok, false);
    const badFile = resolveMediaTarget('file://otherhost/x.mp4');
    assert.ok(!badFile.ok && badFile.message.includes('not a valid file URL'));
    const badUrl = resolveMediaTarget('rtsp://user:secret@[bad/x');
    assert.ok(!badUrl.ok && !badUrl.message.includes('secret'));
  });
});

describe('redaction', () => {
  it('masks passwords in URLs inside free text, keeping the user name', () => {
    const line = '[rtsp @ 0x1] rtsp://admin:s3cret@10.0.0.5/x: 401; also http://u:p@h/y and rtsp://nouser@h/z';
    assert.equal(redactUrlCredentials(line), '[rtsp @ 0x1] rtsp://admin:***@10.0.0.5/x: 401; also http://u:***@h/y and rtsp://nouser@h/z');
  });

  it('also scrubs literal secrets, but not very short ones', () => {
    assert.equal(redactSecrets('auth=hunter22 x', ['hunter22']), 'auth=*** x');
    assert.equal(redactSecrets('a b c', ['a']), 'a b c');
  });
});

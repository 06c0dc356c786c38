import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offersH264Mode1, preferH264Mode1 } from './sdp-h264-preference';

const offer = [
  'v=0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 106',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 rtx/90000',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f',
  'a=rtpmap:104 H264/90000',
  'a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:106 H264/90000',
  'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640032',
  '',
].join('\r\n');

describe('preferH264Mode1', () => {
  it('moves mode-1 H.264 first, the camera profile before others', () => {
    const out = preferH264Mode1(offer, '64');
    assert.match(out, /^m=video 9 UDP\/TLS\/RTP\/SAVPF 106 104 96 97 102 103$/m);
    assert.match(preferH264Mode1(offer, '4d'), /SAVPF 104 106 96/);
    assert.ok(out.includes('\r\n') && !/[^\r]\n/.test(out), 'keeps CRLF');
  });

  it('detects whether mode 1 is offered at all', () => {
    assert.equal(offersH264Mode1(offer), true);
    assert.equal(offersH264Mode1(offer.replace(/packetization-mode=1/g, 'packetization-mode=0')), false);
    assert.equal(offersH264Mode1('v=0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n'), false);
  });
});

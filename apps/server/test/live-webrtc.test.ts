import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RTCPeerConnection, RTCRtpCodecParameters, type RtpPacket } from 'werift';
import { depacketize, nalType, OPENCV_VTEST_PATH, startTestRtspServer, type TestRtspServer } from '@argus/media';
import { eventually } from './support/recording/http';
import { startTestServer, TEST_PASSWORD, type TestServer } from './support/harness';

async function session(t: TestServer, username: string, password: string): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  assert.equal(res.status, 200, await res.text());
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function post(t: TestServer, cookie: string, url: string, body: unknown): Promise<{ status: number; body: any; type: string }> {
  const res = await fetch(t.url + url, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, body: parsed, type: res.headers.get('content-type') ?? '' };
}

interface AccessUnit {
  atMs: number;
  timestamp: number;
  keyframe: boolean;
  nalTypes: number[];
}

/** A headless WebRTC viewer in the test process: werift, recvonly H.264, depacketises RTP into access units. */
class RtcClient {
  readonly pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
    codecs: {
      audio: [],
      video: [new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90_000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }], parameters: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1' })],
    },
  });
  readonly units: AccessUnit[] = [];
  packets = 0;
  broken = 0;
  private pending: RtpPacket[] = [];

  constructor() {
    const tr = this.pc.addTransceiver('video', { direction: 'recvonly' });
    tr.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => this.onRtp(rtp)));
  }

  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await new Promise<void>((resolve) => {
      if (this.pc.iceGatheringState === 'complete') return resolve();
      this.pc.iceGatheringStateChange.subscribe((s) => s === 'complete' && resolve());
    });
    return this.pc.localDescription!.sdp;
  }

  private onRtp(rtp: RtpPacket): void {
    this.packets += 1;
    if (this.pending.length > 0 && this.pending[0]!.header.timestamp !== rtp.header.timestamp) this.pending = []; // lost the marker
    this.pending.push(rtp);
    if (!rtp.header.marker) return;
    const packets = this.pending.sort((a, b) => ((a.header.sequenceNumber - b.header.sequenceNumber) << 16) >> 16);
    this.pending = [];
    try {
      const types = depacketize(packets.map((p) => p.payload)).map(nalType);
      this.units.push({ atMs: Date.now(), timestamp: rtp.header.timestamp, keyframe: types.includes(5), nalTypes: types });
    } catch {
      this.broken += 1;
    }
  }

  close(): Promise<void> {
    return this.pc.close();
  }
}

/**
 * WebRTC live view end to end: a real RTSP test camera (vtest.avi, 10 fps) → the server's shared ffmpeg remux → the
 * server's werift PeerConnection → a werift client in this process over loopback UDP (ICE, DTLS, SRTP).
 */
describe('live view over WebRTC from a real RTSP camera', () => {
  let rtsp: TestRtspServer;
  let t: TestServer;
  let cookie: string;
  let other: string;
  let viewerId: string;
  let viewer: string;
  let cam: string;
  const clients: RtcClient[] = [];

  before(async () => {
    rtsp = await startTestRtspServer({ mounts: { vtest: OPENCV_VTEST_PATH } });
    t = await startTestServer({ overrides: { 'recording.enabled': false, 'live.idleGraceSeconds': 1, 'live.revalidateSeconds': 0.5 } });
    cookie = await session(t, t.adminCredentials.username, t.adminCredentials.password);
    const a = await t.admin.post('/api/cameras', { domainId: t.rootDomainId, name: 'Hall', kind: 'rtsp', mainUrl: rtsp.url('vtest') });
    assert.equal(a.status, 201, a.text);
    cam = a.body.id;
    viewerId = (await t.userWith('rtc-viewer', [{ domainId: t.rootDomainId, role: 'viewer' }])).id;
    viewer = await session(t, 'rtc-viewer', TEST_PASSWORD);
    await t.userWith('rtc-other', [{ domainId: t.rootDomainId, role: 'viewer' }]);
    other = await session(t, 'rtc-other', TEST_PASSWORD);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await t?.close();
    await rtsp?.stop();
  });

  async function connect(who: string): Promise<{ client: RtcClient; token: string }> {
    const live = await post(t, who, `/api/cameras/${cam}/live`, { transport: 'webrtc' });
    assert.equal(live.status, 201, JSON.stringify(live.body));
    assert.equal(live.body.webrtcUrl, `/api/live/webrtc/${live.body.token}`);
    const client = new RtcClient();
    clients.push(client);
    const answer = await post(t, who, live.body.webrtcUrl, { sdp: await client.offer(), type: 'offer' });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.type, 'answer');
    assert.match(answer.body.sdp, /a=candidate:.* 127\.0\.0\.1 \d+ typ host/, 'non-trickle: the loopback host candidate is in the answer');
    assert.match(answer.body.sdp, /a=sendonly/);
    await client.pc.setRemoteDescription(answer.body);
    return { client, token: live.body.token };
  }

  it('streams H.264 access units continuously at the camera\'s rate, starting at a key frame with SPS and PPS', async (tc) => {
    const { client } = await connect(viewer);
    await eventually('connected', async () => client.pc.connectionState === 'connected', 20_000);
    await eventually('first access unit', async () => client.units.length > 0, 20_000);
    const first = client.units[0]!;
    assert.equal(first.keyframe, true, 'a new viewer starts at a key frame');
    assert.deepEqual(first.nalTypes.slice(0, 2), [7, 8], 'SPS and PPS go before the key frame');
    // Measure 4 s of steady state after the initial GOP burst.
    await new Promise((r) => setTimeout(r, 1500));
    const from = client.units.length;
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 4000));
    const window = client.units.slice(from);
    const seconds = (Date.now() - t0) / 1000;
    const fps = window.length / seconds;
    assert.ok(fps > 10 * 0.6 && fps < 10 * 1.4, `about the camera's 10 fps: ${fps.toFixed(1)} fps over ${seconds.toFixed(1)} s`);
    let gap = 0;
    for (let i = 1; i < window.length; i += 1) gap = Math.max(gap, window[i]!.atMs - window[i - 1]!.atMs);
    assert.ok(gap < 1500, `no stall: longest gap ${gap} ms`);
    tc.diagnostic(`webrtc: ${fps.toFixed(2)} access units/s over ${seconds.toFixed(1)} s (camera 10 fps), longest gap ${gap} ms, ${client.packets} RTP packets`);
    for (let i = 1; i < window.length; i += 1) {
      const d = (window[i]!.timestamp - window[i - 1]!.timestamp) >>> 0;
      assert.ok(d > 0 && d < 90_000, `RTP timestamps advance on the 90 kHz clock (${d})`);
    }
    assert.equal(client.broken, 0, 'every FU-A sequence reassembles');
    assert.ok(window.some((u) => u.keyframe) || client.units.filter((u) => u.keyframe).length >= 1);

    const stats = await fetch(`${t.url}/api/live/stats`, { headers: { cookie } }).then((r) => r.json());
    const up = stats.upstreams.find((u: any) => u.cameraId === cam);
    assert.ok(up.viewers >= 1, 'the WebRTC viewer is counted');
    const metrics = await fetch(`${t.url}/metrics`, { headers: { cookie } }).then((r) => r.text());
    assert.match(metrics, new RegExp(`argus_live_viewers\\{camera="${cam}"\\} [1-9]`));

    // the viewer leaves: the server closes its side and the viewer is no longer counted
    await client.close();
    await eventually('server peer closed', async () => t.server.container.live.service.webrtcViewers.length === 0, 20_000);
  });

  it('refuses bad tokens, other users\' tokens, used tokens and bodies that are not offers', async () => {
    const live = (await post(t, viewer, `/api/cameras/${cam}/live`, { transport: 'webrtc' })).body;
    const client = new RtcClient();
    clients.push(client);
    const sdp = await client.offer();
    const unknown = await post(t, viewer, '/api/live/webrtc/notatoken', { sdp, type: 'offer' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'not_found');
    assert.match(unknown.type, /^application\/problem\+json/);
    assert.equal((await post(t, other, live.webrtcUrl, { sdp, type: 'offer' })).status, 404, 'another user\'s token');
    for (const body of [{ sdp, type: 'answer' }, { sdp }, { sdp: '', type: 'offer' }, { sdp, type: 'offer', extra: 1 }, 'x']) {
      const r = await post(t, viewer, live.webrtcUrl, body);
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 50));
      assert.match(r.type, /^application\/problem\+json/);
    }
    const noH264 = await post(t, viewer, live.webrtcUrl, { sdp: 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n', type: 'offer' });
    assert.equal(noH264.status, 400);
    assert.equal(noH264.body.code, 'live_webrtc_offer_refused');
    // none of the refusals used the token up
    const ok = await post(t, viewer, live.webrtcUrl, { sdp, type: 'offer' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    await client.pc.setRemoteDescription(ok.body);
    const again = await post(t, viewer, live.webrtcUrl, { sdp, type: 'offer' });
    assert.equal(again.status, 404, 'single use');
  });

  it('closes the peer connection within seconds when the viewer\'s rights are revoked', async () => {
    const { client } = await connect(viewer);
    await eventually('video', async () => client.units.length > 0, 20_000);
    const open = t.server.container.live.service.webrtcViewers;
    assert.ok(open.length >= 1);
    assert.ok(open.every((v) => v.socketsTuned >= 1), 'the UDP socket buffer sizes were applied to werift\'s sockets');
    const revoked = await t.admin.put(`/api/users/${viewerId}/grants`, { grants: [] });
    assert.equal(revoked.status, 200, revoked.text);
    try {
      await eventually('the revoked viewer is closed', async () => !t.server.container.live.service.webrtcViewers.some((v) => v.connectionState === 'connected'), 10_000);
      const n = client.units.length;
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(client.units.length - n <= 2, 'no more video after revocation');
    } finally {
      await t.admin.put(`/api/users/${viewerId}/grants`, { grants: [{ domainId: t.rootDomainId, role: 'viewer' }] });
    }
  });
});

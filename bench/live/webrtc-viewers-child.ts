/**
 * Headless WebRTC live viewers in their own process (their CPU is not billed to the server): argv = base URL, cookie,
 * then webrtcUrl paths. Each is a werift recvonly PeerConnection (non-trickle offer). Prints RTP packets and bytes
 * received when it gets SIGTERM.
 */
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

const [base, cookie, ...paths] = process.argv.slice(2);
let packets = 0;
let bytes = 0;
const pcs: RTCPeerConnection[] = [];

async function open(path: string): Promise<void> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
    codecs: { audio: [], video: [new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90_000, rtcpFeedback: [{ type: 'nack' }], parameters: 'packetization-mode=1' })] },
  });
  pcs.push(pc);
  const tr = pc.addTransceiver('video', { direction: 'recvonly' });
  tr.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
    packets += 1;
    bytes += rtp.payload.length;
  }));
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((s) => s === 'complete' && resolve());
  });
  const res = await fetch(base! + path, { method: 'POST', headers: { cookie: cookie!, 'content-type': 'application/json' }, body: JSON.stringify({ sdp: pc.localDescription!.sdp, type: 'offer' }) });
  if (!res.ok) throw new Error(`offer refused: ${res.status} ${await res.text()}`);
  await pc.setRemoteDescription((await res.json()) as { sdp: string; type: 'answer' });
}

process.on('SIGTERM', () => {
  console.log(JSON.stringify({ packets, bytes }));
  void Promise.allSettled(pcs.map((p) => p.close())).then(() => process.exit(0));
});
for (const p of paths) await open(p).catch((err: unknown) => console.error(`webrtc viewer: ${(err as Error).message}`));
console.log('ready');

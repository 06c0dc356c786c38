import { z } from 'zod';

/** The `live` section of the configuration tree (see config/schema.ts). Live view: fan-out of camera streams to browsers (fMP4 over WebSocket, HLS, WebRTC). */
export const liveConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Turn the live slice on or off.'),
    fragmentMs: z.number().int().min(20).max(5000).default(100).describe('Longest fMP4 fragment of live view in milliseconds (a key frame always starts a new one): of the live remux, and of recording segments while live view is on (live view of a recorded camera reads them). Smaller is lower latency.'),
    viewerQueueBytes: z.number().int().min(64 * 1024).max(256 * 1024 * 1024).default(4 * 1024 * 1024).describe('Bytes a viewer may have unsent before fragments are dropped for it (it then resumes at the next key frame).'),
    idleGraceSeconds: z.number().min(0).max(600).default(10).describe('How long an upstream stays open after its last viewer left.'),
    tokenTtlSeconds: z.number().int().min(5).max(3600).default(60).describe('A live stream token not used within this many seconds expires.'),
    hlsIdleSeconds: z.number().int().min(5).max(3600).default(30).describe('An HLS live session dies this many seconds after its last request (sliding expiry).'),
    hlsSegmentSeconds: z.number().min(0.2).max(10).default(1).describe('Target duration of live HLS segments (cut at the first key frame after it).'),
    hlsWindowSegments: z.number().int().min(3).max(30).default(6).describe('Segments listed in the live HLS playlist (sliding window).'),
    stallSeconds: z.number().min(2).max(120).default(10).describe('An upstream that delivers no data for this long is restarted.'),
    restartInitialMs: z.number().int().min(100).max(60_000).default(1000).describe('First restart delay of a failing upstream (doubles up to restartMaxMs).'),
    restartMaxMs: z.number().int().min(100).max(600_000).default(30_000).describe('Longest restart delay of a failing upstream.'),
    revalidateSeconds: z.number().min(0.5).max(60).default(3).describe('How often open live streams re-check their caller\'s credentials and live.view right (revoked sessions or rights end the stream).'),
    maxViewersPerCamera: z.number().int().min(1).max(10_000).default(200).describe('Most concurrent live viewers of one camera stream.'),
    udpReceiveBufferBytes: z.number().int().min(65_536).max(64 * 1024 * 1024).default(8 * 1024 * 1024).describe('UDP receive buffer asked for on each WebRTC socket once it is open (the kernel caps it at net.core.rmem_max).'),
    udpSendBufferBytes: z.number().int().min(65_536).max(64 * 1024 * 1024).default(8 * 1024 * 1024).describe('UDP send buffer asked for on each WebRTC socket once it is open (the kernel caps it at net.core.wmem_max); key frames leave in bursts.'),
    webrtc: z
      .object({
        enabled: z.boolean().default(true).describe('Offer WebRTC live view (H.264 passthrough over RTP; other codecs are refused).'),
        portMin: z.number().int().min(1024).max(65_535).default(40_000).describe('Lowest UDP port for WebRTC ICE sockets.'),
        portMax: z.number().int().min(1024).max(65_535).default(40_999).describe('Highest UDP port for WebRTC ICE sockets (must be above portMin).'),
        hostAddresses: z.array(z.string().min(1).max(100)).max(16).default(['127.0.0.1']).describe('Extra host addresses announced as ICE candidates besides the interfaces\' own (loopback is otherwise left out). No STUN or TURN servers are used.'),
        interfaceAddress: z.string().max(100).nullable().default(null).describe('Bind the ICE sockets to this IPv4 address only (null: every interface).'),
        connectTimeoutSeconds: z.number().min(2).max(120).default(15).describe('A peer connection that is not connected this long after the answer is closed.'),
        rtcpTimeoutSeconds: z.number().min(2).max(120).default(8).describe('A connected viewer that sends no RTCP (receiver reports) for this long is taken as gone and closed (ICE consent would take 30 s).'),
        gatherTimeoutSeconds: z.number().min(0.5).max(30).default(5).describe('Longest wait for ICE candidate gathering before the answer is sent (non-trickle).'),
        maxPayloadBytes: z.number().int().min(300).max(1400).default(1200).describe('Largest RTP payload; bigger NAL units are split into FU-A fragments.'),
      })
      .strict()
      .refine((w) => w.portMax > w.portMin, { message: 'live.webrtc.portMax must be above portMin' })
      .prefault({})
      .describe('WebRTC live view.'),
  })
  .strict()
  .prefault({});

export type LiveConfig = z.infer<typeof liveConfigSchema>;

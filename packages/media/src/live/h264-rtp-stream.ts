/**
 * Pure, stateful converter from the live fMP4 stream (init segment + moof/mdat fragments) to H.264 RTP packets
 * (payload, marker, 90 kHz timestamp, sequence number): samples from the trun, AVCC → NAL units, SPS/PPS before key
 * frames, FU-A for large NAL units. Waits for a key frame after a new init. Timestamps continue smoothly across
 * upstream restarts (a new init re-bases them). No I/O, no timers.
 */
import { accessUnitNals, fragmentSamples, parseAvcConfig, rtpTimestamp90k, type AvcConfig } from './h264-samples';
import { DEFAULT_RTP_PAYLOAD_BYTES, packetizeAccessUnit } from './h264-rtp-packetizer';

export interface RtpOut {
  payload: Buffer;
  marker: boolean;
  timestamp: number;
  sequenceNumber: number;
}

export interface RtpAccessUnit {
  keyframe: boolean;
  timestamp: number;
  packets: RtpOut[];
}

/** Ticks of 90 kHz put between the last frame before a re-base and the first one after it (40 ms). */
const REBASE_GAP = 3600;

export class H264RtpStream {
  private cfg: AvcConfig | null = null;
  private needKey = true;
  private seq = 0;
  private offset = 0;
  private lastTs: number | null = null;
  private rebase = false;
  accessUnits = 0;

  constructor(private readonly maxPayload = DEFAULT_RTP_PAYLOAD_BYTES) {}

  /** Two hex digits of the stream's profile_idc ('64' for High), once an init was seen. */
  get profileIdc(): string | null {
    const sps = this.cfg?.sps[0];
    return sps && sps.length > 1 ? sps[1]!.toString(16).padStart(2, '0') : null;
  }

  /** A new init segment (first, or after an upstream restart). Throws H264SampleError when it is not H.264. */
  init(data: Uint8Array): void {
    this.cfg = parseAvcConfig(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.needKey = true;
    if (this.lastTs !== null) this.rebase = true;
  }

  /** The RTP packets of one moof+mdat fragment, one access unit after the other (empty until a key frame). */
  fragment(data: Uint8Array): RtpAccessUnit[] {
    const cfg = this.cfg;
    if (!cfg) return [];
    const out: RtpAccessUnit[] = [];
    for (const s of fragmentSamples(Buffer.from(data.buffer, data.byteOffset, data.byteLength), cfg)) {
      if (this.needKey && !s.keyframe) continue;
      this.needKey = false;
      if (this.rebase && this.lastTs !== null) {
        this.offset = this.lastTs + REBASE_GAP - rtpTimestamp90k(s.dts, s.cto, cfg.timescale);
        this.rebase = false;
      }
      const timestamp = rtpTimestamp90k(s.dts, s.cto, cfg.timescale, this.offset);
      const payloads = packetizeAccessUnit(accessUnitNals(s, cfg), this.maxPayload);
      const packets = payloads.map((payload, i) => ({
        payload,
        marker: i === payloads.length - 1,
        timestamp,
        sequenceNumber: this.nextSeq(),
      }));
      this.lastTs = timestamp;
      this.accessUnits += 1;
      out.push({ keyframe: s.keyframe, timestamp, packets });
    }
    return out;
  }

  private nextSeq(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) & 0xffff;
    return s;
  }
}

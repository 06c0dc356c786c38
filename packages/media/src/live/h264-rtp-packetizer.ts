/**
 * Pure RFC 6184 packetisation (packetization-mode 1): a NAL unit that fits the payload budget goes as a single NAL
 * unit packet, a larger one as FU-A fragments. Returns payloads; the caller adds RTP headers (marker on the last
 * payload of an access unit). No I/O.
 */

export const FU_A = 28;

/** Default payload budget: 1200 bytes keeps packets under common path MTUs after RTP, SRTP, UDP and IP headers. */
export const DEFAULT_RTP_PAYLOAD_BYTES = 1200;

export function packetizeNal(nal: Buffer, maxPayload = DEFAULT_RTP_PAYLOAD_BYTES): Buffer[] {
  if (nal.length === 0) return [];
  if (nal.length <= maxPayload) return [nal];
  if (maxPayload < 3) throw new RangeError('payload budget too small for FU-A');
  const header = nal[0]!;
  const indicator = (header & 0xe0) | FU_A;
  const type = header & 0x1f;
  const out: Buffer[] = [];
  const chunk = maxPayload - 2;
  for (let p = 1; p < nal.length; p += chunk) {
    const end = Math.min(p + chunk, nal.length);
    const fu = Buffer.allocUnsafe(2 + end - p);
    fu[0] = indicator;
    fu[1] = (p === 1 ? 0x80 : 0) | (end === nal.length ? 0x40 : 0) | type;
    nal.copy(fu, 2, p, end);
    out.push(fu);
  }
  return out;
}

/** Payloads of one access unit, in order; the last one carries the RTP marker bit. */
export function packetizeAccessUnit(nals: Buffer[], maxPayload = DEFAULT_RTP_PAYLOAD_BYTES): Buffer[] {
  return nals.flatMap((n) => packetizeNal(n, maxPayload));
}

/**
 * Reassembles NAL units from RTP payloads of one access unit (single NAL, STAP-A, FU-A): the inverse of the above, for
 * tests and diagnostics. Throws on an FU-A sequence that does not start or end properly.
 */
export function depacketize(payloads: Buffer[]): Buffer[] {
  const nals: Buffer[] = [];
  let fu: Buffer[] | null = null;
  for (const p of payloads) {
    const type = (p[0] ?? 0) & 0x1f;
    if (type === FU_A) {
      const fh = p[1] ?? 0;
      if (fh & 0x80) fu = [Buffer.from([((p[0] ?? 0) & 0xe0) | (fh & 0x1f)])];
      if (!fu) throw new Error('FU-A without a start fragment');
      fu.push(p.subarray(2));
      if (fh & 0x40) {
        nals.push(Buffer.concat(fu));
        fu = null;
      }
    } else if (type === 24) {
      for (let i = 1; i + 2 <= p.length; ) {
        const n = p.readUInt16BE(i);
        nals.push(p.subarray(i + 2, i + 2 + n));
        i += 2 + n;
      }
    } else {
      nals.push(p);
    }
  }
  if (fu) throw new Error('FU-A without an end fragment');
  return nals;
}

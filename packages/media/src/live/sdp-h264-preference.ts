/**
 * Pure SDP munging for H.264 passthrough: moves the offer's H.264 payload types with packetization-mode=1 to the front
 * of the m=video line (the answerer picks the first codec it supports, and FU-A needs mode 1), those whose
 * profile_idc matches the camera's profile first. Other lines are untouched.
 */

interface H264Pt {
  pt: string;
  mode1: boolean;
  profileIdc: string | null;
}

function h264PayloadTypes(lines: string[]): Map<string, H264Pt> {
  const out = new Map<string, H264Pt>();
  for (const l of lines) {
    const m = /^a=rtpmap:(\d+) H264\/90000/i.exec(l);
    if (m) out.set(m[1]!, { pt: m[1]!, mode1: false, profileIdc: null });
  }
  for (const l of lines) {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(l);
    const entry = m ? out.get(m[1]!) : undefined;
    if (!entry || !m) continue;
    entry.mode1 = /(^|;)\s*packetization-mode=1/.test(m[2]!);
    const p = /profile-level-id=([0-9a-fA-F]{6})/.exec(m[2]!);
    entry.profileIdc = p ? p[1]!.slice(0, 2).toLowerCase() : null;
  }
  return out;
}

/** `profileIdc`: two hex digits of the camera's profile (avcC byte 1: '42' baseline, '4d' main, '64' high). */
export function preferH264Mode1(sdp: string, profileIdc?: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/);
  const h264 = h264PayloadTypes(lines);
  const rank = (pt: string): number => {
    const e = h264.get(pt);
    if (!e || !e.mode1) return 2;
    return profileIdc && e.profileIdc === profileIdc.toLowerCase() ? 0 : 1;
  };
  return lines
    .map((l) => {
      const m = /^(m=video \d+ [^ ]+) (.*)$/.exec(l);
      if (!m) return l;
      const pts = m[2]!.split(' ');
      const sorted = pts.map((pt, i) => ({ pt, i })).sort((a, b) => rank(a.pt) - rank(b.pt) || a.i - b.i).map((x) => x.pt);
      return `${m[1]} ${sorted.join(' ')}`;
    })
    .join(eol);
}

/** True when the SDP offers H.264 with packetization-mode=1 on some m=video line. */
export function offersH264Mode1(sdp: string): boolean {
  return [...h264PayloadTypes(sdp.split(/\r?\n/)).values()].some((e) => e.mode1);
}

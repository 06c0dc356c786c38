/** Pure: the RFC 6381 codec string MSE needs ('avc1.64001f', 'hvc1.1.6.L93.B0') from an init segment's moov bytes. */

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** Finds a 4cc inside buf (the config boxes sit inside the sample entry); -1 when absent. */
function boxAt(buf: Buffer, type: string): number {
  const at = buf.indexOf(type, 0, 'latin1');
  return at >= 4 ? at : -1;
}

/** The codec string for the video sample entry; falls back to the bare entry type when no config box is found. */
export function videoCodecString(moov: Buffer, sampleEntry: string): string {
  if (sampleEntry.startsWith('avc')) {
    const at = boxAt(moov, 'avcC');
    if (at < 0 || at + 8 > moov.length) return sampleEntry;
    // avcC: configurationVersion, AVCProfileIndication, profile_compatibility, AVCLevelIndication
    return `${sampleEntry}.${hex2(moov.readUInt8(at + 5))}${hex2(moov.readUInt8(at + 6))}${hex2(moov.readUInt8(at + 7))}`;
  }
  if (sampleEntry === 'hvc1' || sampleEntry === 'hev1') {
    const at = boxAt(moov, 'hvcC');
    if (at < 0 || at + 17 > moov.length) return sampleEntry;
    const b = moov.readUInt8(at + 5);
    const space = ['', 'A', 'B', 'C'][b >> 6] ?? '';
    const tier = (b & 0x20) !== 0 ? 'H' : 'L';
    const profile = b & 0x1f;
    // general_profile_compatibility_flags, bit-reversed, as hex without leading zeros
    let compat = moov.readUInt32BE(at + 6);
    let reversed = 0;
    for (let i = 0; i < 32; i += 1) {
      reversed = (reversed << 1) | (compat & 1);
      compat >>>= 1;
    }
    const level = moov.readUInt8(at + 16);
    const constraint = moov.readUInt8(at + 10);
    return `${sampleEntry}.${space}${profile}.${(reversed >>> 0).toString(16)}.${tier}${level}.${constraint.toString(16).toUpperCase()}`;
  }
  return sampleEntry;
}

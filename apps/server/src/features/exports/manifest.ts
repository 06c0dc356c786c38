import type { SigningKey, VerifyingKey } from './signing-key';

/**
 * The evidence manifest of an export: what was exported, from which recorded segments, by whom, and the hash of the
 * file, signed with the server's Ed25519 key over the canonical JSON of everything but the signature.
 */
export interface ExportManifest {
  format: 'argus-export-manifest';
  version: 1;
  exportId: string;
  camera: { id: string; name: string };
  requestedRange: { start: string; end: string; startMs: number; endMs: number };
  /** What the file really covers: cut on key frames, so it may start a little before and end a little after. */
  actualRange: { start: string; end: string; startMs: number; endMs: number };
  /** Holes in the recording inside the actual range (the clip plays across them without pause). */
  gaps: Array<{ startMs: number; endMs: number }>;
  watermark: boolean;
  exportedBy: { id: string | null; name: string; kind: string };
  createdAt: string;
  segments: Array<{ id: string; start: string; end: string; startMs: number; endMs: number; sha256: string }>;
  file: { name: string; sha256: string; size: number; contentType: string };
  signature?: { algorithm: 'Ed25519'; keyId: string; value: string };
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, arrays in order, strings and numbers as
 * JSON.stringify writes them. Anything that is not plain JSON (undefined, functions, non-finite numbers) is refused,
 * so two parties always hash the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonical JSON has no place for non-finite numbers');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

/** The bytes the signature covers: the canonical JSON of the manifest without its `signature` member. */
export function signedBytes(manifest: Record<string, unknown>): Buffer {
  const { signature: _signature, ...rest } = manifest;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

export function signManifest(manifest: ExportManifest, key: SigningKey): ExportManifest {
  const { signature: _old, ...unsigned } = manifest;
  return { ...unsigned, signature: { algorithm: 'Ed25519', keyId: key.keyId, value: key.sign(signedBytes(unsigned)) } };
}

export interface VerifyResult {
  /** Signature good and, when a file was given, the file is the one the manifest describes. */
  valid: boolean;
  signatureValid: boolean;
  /** null when no file (hash) was given. */
  fileMatches: boolean | null;
  keyId: string;
  problems: string[];
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks a manifest (as parsed JSON, untrusted) against the key, and optionally a file's SHA-256 and size. Any
 * change to a signed field breaks the signature; any change to the file breaks the hash.
 */
export function verifyManifest(manifest: unknown, key: VerifyingKey, file?: { sha256: string; size?: number }): VerifyResult {
  const problems: string[] = [];
  let signatureValid = false;
  let fileMatches: boolean | null = null;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    return { valid: false, signatureValid: false, fileMatches: null, keyId: key.keyId, problems: ['the manifest is not a JSON object'] };
  }
  const m = manifest as Record<string, unknown>;
  const sig = m.signature as { algorithm?: unknown; keyId?: unknown; value?: unknown } | undefined;
  if (m.format !== 'argus-export-manifest') problems.push('not an Argus export manifest (format)');
  if (!sig || typeof sig !== 'object') problems.push('the manifest carries no signature');
  else if (sig.algorithm !== 'Ed25519') problems.push(`unknown signature algorithm ${JSON.stringify(sig.algorithm)}`);
  else if (sig.keyId !== key.keyId) problems.push(`signed with key ${JSON.stringify(sig.keyId)}, not with this server's key ${key.keyId}`);
  else if (typeof sig.value !== 'string') problems.push('the signature value is missing');
  else {
    try {
      signatureValid = key.verify(signedBytes(m), sig.value);
    } catch (err) {
      problems.push(`the manifest cannot be canonicalised: ${(err as Error).message}`);
    }
    if (!signatureValid && problems.length === 0) problems.push('the signature does not match: the manifest was changed or not signed by this server');
  }
  if (file) {
    const f = m.file as { sha256?: unknown; size?: unknown } | undefined;
    const given = file.sha256.toLowerCase();
    if (!HEX64.test(given)) {
      problems.push('the file hash given is not a hex SHA-256');
      fileMatches = false;
    } else if (!f || typeof f.sha256 !== 'string') {
      problems.push('the manifest names no file hash');
      fileMatches = false;
    } else {
      fileMatches = f.sha256 === given && (file.size === undefined || f.size === file.size);
      if (f.sha256 !== given) problems.push('the file differs from the exported one (SHA-256 mismatch)');
      else if (file.size !== undefined && f.size !== file.size) problems.push(`the file size ${file.size} differs from the manifest's ${String(f.size)}`);
    }
  }
  return { valid: signatureValid && fileMatches !== false, signatureValid, fileMatches, keyId: key.keyId, problems };
}

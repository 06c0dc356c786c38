/**
 * Source URLs as the registry stores them: which schemes each kind accepts, and credentials moved out of the URL.
 * Putting credentials back for ffmpeg and redacting them from its output is packages/media's job (source-url.ts).
 */
export const SOURCE_KINDS = ['rtsp', 'rtmp', 'http', 'file'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const SCHEMES: Readonly<Record<SourceKind, readonly string[]>> = {
  rtsp: ['rtsp:', 'rtsps:'],
  rtmp: ['rtmp:', 'rtmps:'],
  http: ['http:', 'https:'],
  file: ['file:'],
};

export interface SplitUrl {
  url: string;
  username?: string;
  password?: string;
}

export type UrlCheck = { ok: true; value: SplitUrl } | { ok: false; reason: string };

/** Accepts a source URL for `kind`; credentials embedded in it are moved out. Bare absolute paths count as file URLs. */
export function parseSourceUrl(kind: SourceKind, raw: string): UrlCheck {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, reason: 'is empty' };
  if (kind === 'file' && text.startsWith('/')) return { ok: true, value: { url: `file://${text}` } };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, reason: 'is not a valid URL' };
  }
  const allowed = SCHEMES[kind];
  if (!allowed.includes(parsed.protocol)) {
    return { ok: false, reason: `must start with ${allowed.map((s) => `${s}//`).join(' or ')} for a ${kind} source` };
  }
  if (kind !== 'file' && parsed.hostname.length === 0) return { ok: false, reason: 'has no host' };
  if (kind === 'file' && parsed.pathname.length <= 1) return { ok: false, reason: 'has no file path' };
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
    password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  } catch {
    return { ok: false, reason: 'has a badly percent-encoded user name or password' };
  }
  parsed.username = '';
  parsed.password = '';
  const value: SplitUrl = { url: parsed.toString() };
  if (username !== undefined) value.username = username;
  if (password !== undefined) value.password = password;
  return { ok: true, value };
}

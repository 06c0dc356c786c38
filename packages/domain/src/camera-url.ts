/** Source URLs: which schemes each kind of source accepts, and how credentials are kept out of URLs. */
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
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  const value: SplitUrl = { url: parsed.toString() };
  if (username !== undefined) value.username = username;
  if (password !== undefined) value.password = password;
  return { ok: true, value };
}

/** The URL with credentials put back, for the media process only. Never log or return it. */
export function withCredentials(url: string, username?: string, password?: string): string {
  if (!username || url.startsWith('file:')) return url;
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(username);
  if (password) parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** Replaces any user:password@ in URLs inside free text (log lines, ffmpeg stderr). */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+)(:[^/\s@]*)?@/gi, '$1***@');
}

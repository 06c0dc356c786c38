/** Turns a source address into what ffprobe/ffmpeg get (credentials injected) and what humans see (redacted). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type SourceKind = 'rtsp' | 'rtmp' | 'http' | 'file' | 'other';

export interface MediaTarget {
  kind: SourceKind;
  /** What the child process gets. May hold credentials: never log or return it. */
  input: string;
  /** Safe to show: credentials replaced by `user:***@`. */
  display: string;
  /** Whether credentials were given (in the URL or separately). */
  hasCredentials: boolean;
  /** Literal strings to scrub from any child output before it is shown. */
  secrets: string[];
}

export type MediaTargetResult = { ok: true; target: MediaTarget } | { ok: false; message: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const KINDS: Readonly<Record<string, SourceKind>> = {
  rtsp: 'rtsp', rtsps: 'rtsp', rtspt: 'rtsp',
  rtmp: 'rtmp', rtmps: 'rtmp', rtmpt: 'rtmp', rtmpe: 'rtmp', rtmpte: 'rtmp', rtmpts: 'rtmp',
  http: 'http', https: 'http',
  file: 'file',
};
/** Secrets shorter than this are only removed in their URL position (scrubbing "ab" everywhere garbles text). */
const MIN_LITERAL_SECRET = 4;

/** Replaces the password of every `scheme://user:password@` in free text with `***`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]*)@/gi, '$1$2:***@');
}

/** Redacts URL credentials and every literal secret (raw and percent-encoded) from text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrlCredentials(text);
  for (const secret of secrets) {
    if (secret.length < MIN_LITERAL_SECRET) continue;
    out = out.split(secret).join('***');
  }
  return out;
}

function secretForms(password: string | undefined): string[] {
  if (password === undefined || password === '') return [];
  return [...new Set([password, encodeURIComponent(password)])];
}

/** Resolves a probe/ingest input: rtsp(s)://, rtmp(s)://, http(s)://, file:// URLs and plain file paths. */
export function resolveMediaTarget(url: string, username?: string, password?: string): MediaTargetResult {
  const text = url.trim();
  if (text === '') return { ok: false, message: 'The source address is empty.' };
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  const isUrl = scheme !== undefined && text.slice(scheme.length + 1).startsWith('//');
  if (!isUrl) {
    const file = path.resolve(text);
    return { ok: true, target: { kind: 'file', input: `file:${file}`, display: file, hasCredentials: false, secrets: [] } };
  }
  const kind = KINDS[scheme] ?? 'other';
  if (kind === 'file') {
    let file: string;
    try {
      file = fileURLToPath(text);
    } catch (err) {
      return { ok: false, message: `${text} is not a valid file URL: ${(err as Error).message}` };
    }
    return { ok: true, target: { kind, input: `file:${file}`, display: file, hasCredentials: false, secrets: [] } };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, message: `${redactUrlCredentials(text)} is not a valid URL.` };
  }
  if (username !== undefined && username !== '') {
    parsed.username = encodeURIComponent(username);
    parsed.password = password !== undefined && password !== '' ? encodeURIComponent(password) : '';
  }
  const embeddedPassword = parsed.password !== '' ? decodeURIComponent(parsed.password) : undefined;
  const input = parsed.toString();
  const shown = new URL(input);
  if (shown.password !== '') shown.password = '***';
  return {
    ok: true,
    target: {
      kind,
      input,
      display: shown.toString(),
      hasCredentials: parsed.username !== '' || parsed.password !== '',
      secrets: secretForms(embeddedPassword),
    },
  };
}

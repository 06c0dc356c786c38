import { access } from 'node:fs/promises';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const DEFAULT_PORTS: Record<string, number> = { 'rtsp:': 554, 'rtsps:': 322, 'rtmp:': 1935, 'rtmps:': 443, 'http:': 80, 'https:': 443 };

/**
 * Cheap check before a recorder (an ffmpeg process) is started: does the source's TCP port accept connections, or
 * does the file exist? A camera that is off for days then costs a connect() per backoff step instead of a process
 * start. Resolves null when reachable (or not checkable), else the reason.
 */
export async function unreachableReason(url: string, timeoutMs = 3000): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol === 'file:') {
    try {
      await access(fileURLToPath(u));
      return null;
    } catch {
      return 'the source file does not exist';
    }
  }
  const port = u.port ? Number(u.port) : DEFAULT_PORTS[u.protocol];
  if (!port) return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(() => done(`no answer from ${host}:${port} within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(`unreachable: ${err.code ?? err.message} (${host}:${port})`));
  });
}

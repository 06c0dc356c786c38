import http from 'node:http';
import net from 'node:net';

/** A request exactly as it goes on the wire: the path is sent unnormalised (no `..` folding, no re-encoding). */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Send the body with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  /** HTTP status; 0 when no response came back (see `error`). */
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
  /** Transport error (ECONNRESET, timeout…) when the exchange did not complete. */
  error?: string;
}

const TIMEOUT_MS = 20_000;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return undefined;
  }
}

/** HTTP/1.1 client over node:http with keep-alive, for requests fetch() would refuse or normalise. */
export class RawClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets = 16) {
    const u = new URL(baseUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  send(req: RawRequest): Promise<RawResponse> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: RawResponse) => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      const headers: Record<string, string | string[]> = { ...(req.headers ?? {}) };
      if (req.body !== undefined && !req.chunked) headers['content-length'] = String(Buffer.byteLength(req.body));
      let r: http.ClientRequest;
      try {
        r = http.request({ host: this.host, port: this.port, method: req.method, path: req.path, headers, agent: this.agent, timeout: TIMEOUT_MS });
      } catch (err) {
        done({ status: 0, headers: {}, text: '', json: undefined, error: `client refused to send: ${(err as Error).message}` });
        return;
      }
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          done({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
        });
        res.on('error', (err) => done({ status: res.statusCode ?? 0, headers: res.headers, text: '', json: undefined, error: err.message }));
      });
      r.on('timeout', () => r.destroy(new Error('timeout')));
      r.on('error', (err: NodeJS.ErrnoException) => done({ status: 0, headers: {}, text: '', json: undefined, error: err.code ?? err.message }));
      if (req.body !== undefined && req.chunked) {
        const buf = Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
        for (let i = 0; i < buf.length; i += 64 * 1024) r.write(buf.subarray(i, i + 64 * 1024));
        r.end();
      } else {
        r.end(req.body);
      }
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Writes bytes on a fresh TCP connection and returns the status line's code (0 when the server just closed). */
export function sendRawBytes(baseUrl: string, bytes: string | Buffer): Promise<{ status: number; head: string }> {
  const u = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port) });
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, head: text.split('\r\n\r\n')[0] ?? '' });
    };
    socket.setTimeout(3000, () => socket.destroy());
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // One response is enough; do not wait for keep-alive to time out.
      if (Buffer.concat(chunks).includes('\r\n\r\n')) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', finish);
  });
}

/** Test helpers: small real servers on 127.0.0.1 (static HTTP, and a TCP server that never answers). */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { type Server, type Socket, createServer as createTcpServer } from 'node:net';
import path from 'node:path';

export interface LocalServer {
  readonly port: number;
  url(pathname: string): string;
  /** Idempotent; closes open connections too. */
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Serves the files of `dir` (GET only); anything else is 404 Not Found. */
export async function startStaticHttpServer(dir: string): Promise<LocalServer> {
  const server = createHttpServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = path.join(dir, path.normalize(name));
    const inside = file.startsWith(path.resolve(dir) + path.sep);
    stat(file).then(
      (info) => {
        if (!inside || !info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
        res.writeHead(200, { 'content-length': info.size, 'content-type': 'application/octet-stream' });
        createReadStream(file).on('error', () => res.destroy()).pipe(res);
      },
    ).catch((err: unknown) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${(err as Error).message}\n`);
    });
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, url: (p) => `http://127.0.0.1:${port}${p.startsWith('/') ? p : `/${p}`}`, close: closer(server, sockets) };
}

/** Accepts TCP connections and never sends a byte: a camera that hangs. */
export async function startSilentTcpServer(): Promise<LocalServer> {
  const server = createTcpServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.resume(); // read and ignore what the client sends
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, url: (p) => `tcp://127.0.0.1:${port}${p}`, close: closer(server, sockets) };
}

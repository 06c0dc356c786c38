import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; idempotencyKey?: string; kind: string; event?: { id: string; seq: number; cameraId: string }; replay?: { id: string } };
}

/**
 * A real HTTP webhook receiver on 127.0.0.1. `down()` closes the listening socket (connections are refused, like a
 * receiver that is off); `up()` listens again on the same port. `status` sets the answer code.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  status = 200;
  port = 0;
  private server: http.Server | null = null;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (this.status >= 200 && this.status < 300) this.received.push({ headers: req.headers, body, json: JSON.parse(body) as Received['json'] });
        res.writeHead(this.status, { connection: 'close' }).end('ok');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Events received (not pings), in arrival order. */
  events(): Received[] {
    return this.received.filter((r) => r.json.kind === 'event');
  }
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

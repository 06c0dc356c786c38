/**
 * `npm run soak:webhooks`: a webhook receiver that is down for two minutes (connections refused) while events keep
 * coming, then recovers, must receive every event exactly once (by idempotency key) and in seq order.
 * A whole Argus server runs in this process (embedded SQLite, temporary data dir, real event center); events go in
 * through POST /api/events. Prints as its last line:
 *   webhook outage 120s: delivered=<n>/<n> duplicates=<n> out-of-order=<n>
 * SOAK_OUTAGE_S shortens the outage (for a quick check); SOAK_RATE is events per second (default 20).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../apps/server/src/config/load';
import { startServer } from '../../apps/server/src/boot';

const OUTAGE_S = Number(process.env.SOAK_OUTAGE_S ?? 120);
const RATE = Number(process.env.SOAK_RATE ?? 20);
const WARMUP_S = 5;
const PASSWORD = 'soak-password-long-enough';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'argus-soak-webhooks-'));
  const received: Array<{ key: string; seq: number }> = [];
  let port = 0;
  let receiver: http.Server | null = null;
  const up = async () => {
    const s = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { kind: string; idempotencyKey?: string; event?: { seq: number } };
        if (body.kind === 'event' && body.idempotencyKey && body.event) received.push({ key: body.idempotencyKey, seq: body.event.seq });
        res.writeHead(204, { connection: 'close' }).end();
      });
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', () => resolve()));
    port = (s.address() as AddressInfo).port;
    receiver = s;
  };
  const down = async () => {
    const s = receiver;
    receiver = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      'server.port': 0,
      'server.logLevel': 'silent',
      'demo.enabled': false,
      'subscriptions.allowPrivateTargets': true,
      // Retries stay frequent so recovery is quick to observe; the default cap (5 min) is documented.
      'subscriptions.webhooks.backoffMaxMs': 5000,
    },
  });
  const server = await startServer(config, { logger: false });
  try {
    await server.container.setup.createFirstAdmin({ username: 'soak', password: PASSWORD });
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'soak', password: PASSWORD }) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const post = async (url: string, body: unknown) => {
      const r = await fetch(server.url + url, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (r.status >= 300) throw new Error(`${url}: ${r.status} ${await r.text()}`);
      return (await r.json()) as Record<string, unknown>;
    };
    const root = await server.container.domains.ensureRoot();
    const cams: string[] = [];
    for (const name of ['North', 'South', 'East']) cams.push((await post('/api/cameras', { domainId: root.id, name, kind: 'rtsp', mainUrl: `rtsp://127.0.0.1:9/${name}` })).id as string);
    await up();
    await post('/api/subscriptions/webhooks', { name: 'soak', url: `http://127.0.0.1:${port}/hook` });

    let published = 0;
    const publishFor = async (seconds: number) => {
      const until = Date.now() + seconds * 1000;
      while (Date.now() < until) {
        const tick = Date.now();
        await post('/api/events', { cameraId: cams[published % cams.length], type: 'intrusion', className: 'person' });
        published++;
        await sleep(Math.max(0, 1000 / RATE - (Date.now() - tick)));
      }
    };
    await publishFor(WARMUP_S);
    console.log(`warm-up: published=${published} received=${received.length}; receiver goes down for ${OUTAGE_S}s`);
    await down();
    await publishFor(OUTAGE_S);
    console.log(`outage over: published=${published} received=${received.length}; receiver back`);
    await up();
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline && new Set(received.map((r) => r.key)).size < published) await sleep(200);
    await sleep(2000); // late duplicates would arrive now
    const unique = new Set(received.map((r) => r.key)).size;
    const duplicates = received.length - unique;
    let outOfOrder = 0;
    for (let i = 1; i < received.length; i++) if (received[i]!.seq <= received[i - 1]!.seq) outOfOrder++;
    console.log(`webhook outage ${OUTAGE_S}s: delivered=${unique}/${published} duplicates=${duplicates} out-of-order=${outOfOrder}`);
    process.exitCode = unique === published && duplicates === 0 && outOfOrder === 0 ? 0 : 1;
  } finally {
    await down();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

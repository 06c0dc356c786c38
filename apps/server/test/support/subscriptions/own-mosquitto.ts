import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '@argus/media';
import { stopChild } from '../stop-child';

/** A private Mosquitto on a free port (with on-disk persistence), so a test can stop and restart "the broker". */
export class OwnMosquitto {
  port = 0;
  private dir = '';
  private child: ChildProcess | null = null;

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.dir) this.dir = await mkdtemp(path.join(os.tmpdir(), 'argus-mosq-'));
    if (!this.port) this.port = await findFreePort();
    const conf = path.join(this.dir, 'mosquitto.conf');
    await writeFile(conf, [`listener ${this.port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${this.dir}/`, 'autosave_interval 1', ''].join('\n'));
    this.child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`mosquitto did not listen on ${this.port}`);
  }

  /** Stops the broker (SIGTERM: it saves its persistence file, as a service restart does). */
  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    await stopChild(c, 'SIGTERM');
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

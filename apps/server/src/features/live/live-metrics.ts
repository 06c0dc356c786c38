import { Counter, Gauge, type Registry } from 'prom-client';
import type { LiveService } from './live.service';
import type { LiveUpstreams, Upstream } from './live-upstreams';

/** Prometheus metrics of the live slice, read from the upstreams and the service at scrape time. */
export function registerLiveMetrics(registry: Registry, upstreams: LiveUpstreams, service: LiveService): void {
  const seenDrops = new WeakMap<Upstream, number>();
  let seenBytes = 0;
  const dropped = new Counter({ name: 'argus_live_fragments_dropped_total', help: 'Live fragments dropped for slow viewers', labelNames: ['camera'], registers: [registry] });
  const bytes = new Counter({ name: 'argus_live_bytes_sent_total', help: 'Bytes of live video sent to WebSocket viewers', registers: [registry] });
  new Gauge({
    name: 'argus_live_viewers',
    help: 'Live viewers per camera (WebSocket viewers, HLS sessions and in-process subscribers)',
    labelNames: ['camera'],
    registers: [registry],
    collect() {
      this.reset();
      const per = new Map<string, number>();
      for (const u of upstreams.list()) {
        per.set(u.cameraId, (per.get(u.cameraId) ?? 0) + u.hub.subscriberCount);
        const before = seenDrops.get(u) ?? 0;
        if (u.hub.droppedTotal > before) dropped.inc({ camera: u.cameraId }, u.hub.droppedTotal - before);
        seenDrops.set(u, u.hub.droppedTotal);
      }
      for (const [camera, n] of per) this.set({ camera }, n);
      if (service.bytesSent > seenBytes) bytes.inc(service.bytesSent - seenBytes);
      seenBytes = service.bytesSent;
    },
    // (drops and bytes are brought up to date when this gauge is collected, which every scrape does first)
  });
  new Gauge({
    name: 'argus_live_upstreams',
    help: 'Open live upstreams (one ffmpeg remux per camera stream)',
    registers: [registry],
    collect() {
      this.set(upstreams.count);
    },
  });
}

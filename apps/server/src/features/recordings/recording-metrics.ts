import { Gauge, type Registry } from 'prom-client';
import type { RetentionService } from './retention.service';
import type { RecordingSupervisor } from './recording-supervisor';
import type { SegmentIngest } from './segment-ingest';
import type { SourceStatus } from './source-state';

const STATUSES: readonly SourceStatus[] = ['disabled', 'idle', 'connecting', 'recording', 'failing', 'stopped'];

/** Recording stats for /metrics, read when scraped (no timers). */
export function registerRecordingMetrics(registry: Registry, deps: { ingest: SegmentIngest; recorder: RecordingSupervisor; retention: RetentionService }): void {
  const { ingest, recorder, retention } = deps;
  new Gauge({
    name: 'argus_recording_segments',
    help: 'Segments handed over by recorders since start, by outcome (stored, spooled, lost, duplicate)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const c = ingest.counters;
      this.set({ outcome: 'stored' }, c.stored);
      this.set({ outcome: 'spooled' }, c.spooled);
      this.set({ outcome: 'lost' }, c.lost);
      this.set({ outcome: 'duplicate' }, c.duplicates);
    },
  });
  new Gauge({
    name: 'argus_recording_sources',
    help: 'Cameras with a running recording source, by status',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      const counts = new Map<SourceStatus, number>(STATUSES.map((s) => [s, 0]));
      for (const id of recorder.active()) {
        const s = recorder.stateOf(id);
        if (s) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
      }
      for (const [status, n] of counts) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'argus_retention_last_run',
    help: 'The last retention run: deleted segments, freed bytes, managed bytes, ceiling bytes (-1: none), duration ms',
    labelNames: ['figure'],
    registers: [registry],
    collect() {
      const r = retention.last;
      if (!r) return;
      this.set({ figure: 'deleted_segments' }, r.deletedSegments);
      this.set({ figure: 'freed_bytes' }, r.freedBytes);
      this.set({ figure: 'managed_bytes' }, r.managedBytes);
      this.set({ figure: 'ceiling_bytes' }, r.ceilingBytes ?? -1);
      this.set({ figure: 'duration_ms' }, r.durationMs);
    },
  });
}

/**
 * The analysis stats as Prometheus-style samples (name, help, type, labels, value), without depending on a metrics
 * library: the server registers them (e.g. as prom-client collectors that read `samples()` on scrape). Counters are
 * totals since the pipeline started; rates and latency percentiles are gauges over a recent window. Times are in
 * seconds, as Prometheus recommends.
 */
import type { CameraAnalysisStats } from './analysis-pipeline';
import type { SharedDetectorStats } from './shared-detector';

export interface MetricSample {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  labels: Record<string, string>;
  value: number;
}

const P = 'argus_analysis_';

/** Samples of one camera's analysis (labelled `camera`). */
export function cameraMetricSamples(s: CameraAnalysisStats): MetricSample[] {
  const camera = { camera: s.camera };
  const out: MetricSample[] = [];
  const add = (name: string, type: MetricSample['type'], help: string, value: number, labels: Record<string, string> = {}): void => {
    out.push({ name: P + name, help, type, labels: { ...camera, ...labels }, value });
  };
  add('up', 'gauge', 'Whether the camera analysis is running (1) or not (0: starting, ended, failed or closed).', s.state === 'running' ? 1 : 0);
  add('frames_in_total', 'counter', 'Frames the frame source delivered to the analysis.', s.framesIn);
  add('frames_out_total', 'counter', 'Analysis results produced.', s.framesOut);
  add('frames_analysed_total', 'counter', 'Frames the detector ran on.', s.analysed);
  add('frames_skipped_total', 'counter', 'Frames the motion gate skipped (no detector run).', s.skippedByGate);
  for (const stage of ['source', 'handoff', 'detector'] as const) {
    add('frames_dropped_total', 'counter', 'Frames dropped because a later stage was busy (newest frame wins), by stage.', s.drops[stage], { stage });
  }
  add('fps_in', 'gauge', 'Frames per second into the analysis (last 5 s).', s.fpsIn);
  add('fps_out', 'gauge', 'Analysis results per second (last 5 s).', s.fpsOut);
  add('fps_analysed', 'gauge', 'Detector runs per second (last 5 s).', s.fpsAnalysed);
  add('queue_depth', 'gauge', 'Frames waiting between the source and the analysis.', s.queueDepth);
  for (const [q, v] of [['0.5', s.inferenceMs.p50], ['0.95', s.inferenceMs.p95]] as const) {
    add('inference_seconds', 'gauge', 'Duration of the detector call per analysed frame (recent window).', v / 1000, { quantile: q });
  }
  for (const [q, v] of [['0.5', s.detectLatencyMs.p50], ['0.95', s.detectLatencyMs.p95]] as const) {
    add('detect_latency_seconds', 'gauge', 'From submitting a frame to the detector to its result, queue wait included (recent window).', v / 1000, { quantile: q });
  }
  add('tracks_alive', 'gauge', 'Tracks confirmed or lost-but-kept right now.', s.tracksAlive);
  add('tracks_ended_total', 'counter', 'Tracks that ended (each with its best snapshot).', s.tracksEnded);
  return out;
}

/** Samples of a shared detector (labelled `detector`, and `camera` for the per-camera ones). */
export function detectorMetricSamples(key: string, s: SharedDetectorStats): MetricSample[] {
  const detector = { detector: key };
  const out: MetricSample[] = [
    { name: 'argus_detector_batches_total', help: 'Detector calls made.', type: 'counter', labels: detector, value: s.batches },
    { name: 'argus_detector_frames_total', help: 'Frames detected.', type: 'counter', labels: detector, value: s.frames },
    { name: 'argus_detector_failed_batches_total', help: 'Detector calls that failed.', type: 'counter', labels: detector, value: s.failedBatches },
    { name: 'argus_detector_batch_size_mean', help: 'Mean frames per detector call.', type: 'gauge', labels: detector, value: s.meanBatchSize },
    { name: 'argus_detector_in_flight', help: 'Detector calls running.', type: 'gauge', labels: detector, value: s.inFlight },
    { name: 'argus_detector_queued', help: 'Frames waiting for the detector.', type: 'gauge', labels: detector, value: s.queued },
  ];
  for (const [q, v] of [['0.5', s.batchMs.p50], ['0.95', s.batchMs.p95]] as const) {
    out.push({ name: 'argus_detector_call_seconds', help: 'Duration of a detector call (recent window).', type: 'gauge', labels: { ...detector, quantile: q }, value: v / 1000 });
  }
  for (const [camera, c] of Object.entries(s.cameras)) {
    out.push({ name: 'argus_detector_camera_dropped_total', help: 'Requests of a camera dropped for a newer frame.', type: 'counter', labels: { ...detector, camera }, value: c.dropped });
  }
  return out;
}

/** Prometheus text exposition of samples, grouped by metric name (for debugging and tests; the server registers samples itself). */
export function formatMetricSamples(samples: readonly MetricSample[]): string {
  const families = new Map<string, MetricSample[]>();
  for (const s of samples) {
    const f = families.get(s.name);
    if (f === undefined) families.set(s.name, [s]);
    else f.push(s);
  }
  const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  const lines: string[] = [];
  for (const [name, family] of families) {
    lines.push(`# HELP ${name} ${family[0]!.help}`, `# TYPE ${name} ${family[0]!.type}`);
    for (const s of family) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${esc(v)}"`).join(',');
      lines.push(`${name}${labels !== '' ? `{${labels}}` : ''} ${Number.isFinite(s.value) ? String(s.value) : 'NaN'}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * Several cameras analysed in one process, sharing detectors: one SharedDetector per detector key (a model or
 * algorithm id), created on first use by the caller's factory. A detector that cannot be created (model missing,
 * not a valid model, wrong shapes) fails only the cameras that asked for it; a later camera tries again. Cameras
 * are independent: one failing, ending or being removed never stops another. `close()` is idempotent and closes
 * every camera, then every detector.
 */
import type { Detector } from '../types';
import { AnalysisPipeline, type AnalysisPipelineOptions, type CameraAnalysisStats } from './analysis-pipeline';
import type { AnalysisFrame } from './analysis-types';
import type { FairQueueMember } from './fair-queue';
import { type AnalysisPipelineError, SharedDetectorClosedError, toAnalysisError } from './pipeline-errors';
import { type MetricSample, cameraMetricSamples, detectorMetricSamples } from './pipeline-metrics';
import { SharedDetector, type SharedDetectorOptions, type SharedDetectorStats } from './shared-detector';

export interface AnalysisGroupOptions {
  /** Creates the detector for a key; called once per key (again after a failure). */
  createDetector: (key: string) => Promise<Detector>;
  /** Options of every shared detector (or per key). */
  shared?: SharedDetectorOptions | ((key: string) => SharedDetectorOptions);
}

export interface GroupCameraOptions extends Omit<AnalysisPipelineOptions, 'detector'> {
  /** Detector key; default 'default'. */
  detector?: string;
  /** Share, priority and queue capacity of this camera at the shared detector. */
  scheduling?: FairQueueMember;
  /**
   * When given, the group drives the camera itself: each result goes to `onFrame`, and the camera's error (if any)
   * to `onError`. Without it, iterate the returned pipeline.
   */
  onFrame?: (frame: AnalysisFrame) => void | Promise<void>;
  onError?: (err: AnalysisPipelineError) => void;
}

export interface AnalysisGroupStats {
  cameras: Record<string, CameraAnalysisStats>;
  detectors: Record<string, SharedDetectorStats>;
}

export class AnalysisGroup {
  private readonly detectors = new Map<string, Promise<SharedDetector>>();
  private readonly ready = new Map<string, SharedDetector>();
  private readonly cameras = new Map<string, { pipeline: AnalysisPipeline; running: Promise<void> }>();
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: AnalysisGroupOptions) {}

  /** Starts analysing a camera; the id must be unused. */
  addCamera(opts: GroupCameraOptions): AnalysisPipeline {
    if (this.closing !== null) throw new SharedDetectorClosedError('analysis group is closed');
    if (this.cameras.has(opts.camera)) throw new Error(`camera ${opts.camera} is already analysed`);
    const key = opts.detector ?? 'default';
    const { detector: _key, scheduling, onFrame, onError, ...rest } = opts;
    const detector = this.shared(key).then((d) => d.register(opts.camera, scheduling));
    const pipeline = new AnalysisPipeline({ ...rest, detector });
    let running: Promise<void> = Promise.resolve();
    if (onFrame !== undefined) {
      running = pipeline.run(onFrame).catch(async (err: unknown) => {
        // The camera's own error, or one thrown by onFrame (then the camera is stopped).
        const e = pipeline.error ?? toAnalysisError(opts.camera, 'pipeline', err);
        if (pipeline.error === null) await pipeline.close();
        onError?.(e);
      });
    }
    this.cameras.set(opts.camera, { pipeline, running });
    return pipeline;
  }

  camera(id: string): AnalysisPipeline | undefined {
    return this.cameras.get(id)?.pipeline;
  }

  /** Stops and forgets a camera (idempotent); its id can be used again once this resolves. */
  async removeCamera(id: string): Promise<void> {
    const c = this.cameras.get(id);
    if (c === undefined) return;
    await c.pipeline.close();
    await c.running;
    if (this.cameras.get(id) === c) this.cameras.delete(id);
  }

  stats(): AnalysisGroupStats {
    const cameras: Record<string, CameraAnalysisStats> = {};
    for (const [id, c] of this.cameras) cameras[id] = c.pipeline.stats();
    return { cameras, detectors: Object.fromEntries(this.readyDetectors().map(([k, d]) => [k, d.stats()])) };
  }

  /** Prometheus-style samples of every camera and detector. */
  metricSamples(): MetricSample[] {
    const out: MetricSample[] = [];
    for (const c of this.cameras.values()) out.push(...cameraMetricSamples(c.pipeline.stats()));
    for (const [k, d] of this.readyDetectors()) out.push(...detectorMetricSamples(k, d.stats()));
    return out;
  }

  /** Idempotent: closes every camera (their ffmpeg processes have exited when this resolves), then the detectors. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const cams = [...this.cameras.values()];
      this.cameras.clear();
      await Promise.all(cams.map((c) => c.pipeline.close()));
      await Promise.all(cams.map((c) => c.running));
      const dets = [...this.detectors.values()];
      this.detectors.clear();
      this.ready.clear();
      await Promise.all(dets.map((p) => p.then((d) => d.close(), () => undefined)));
    })();
    return this.closing;
  }

  private readyDetectors(): Array<[string, SharedDetector]> {
    return [...this.ready.entries()];
  }

  private shared(key: string): Promise<SharedDetector> {
    let p = this.detectors.get(key);
    if (p === undefined) {
      const opts = typeof this.opts.shared === 'function' ? this.opts.shared(key) : this.opts.shared;
      p = this.opts.createDetector(key).then((det) => {
        const shared = new SharedDetector(det, opts);
        if (this.closing !== null) {
          void shared.close();
          throw new SharedDetectorClosedError('analysis group is closed');
        }
        this.ready.set(key, shared);
        return shared;
      });
      const created = p;
      void created.catch(() => {
        if (this.detectors.get(key) === created) this.detectors.delete(key);
      });
      this.detectors.set(key, p);
    }
    return p;
  }
}

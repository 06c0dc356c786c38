import path from 'node:path';
import { findMediaTools, MediaToolsMissingError, type MediaTools } from '@argus/media';
import type { ArgusConfig } from './config/schema';
import { defaultFileSourceRoots } from './config/file-source-roots';
import { migrate, openDb, type Db } from './adapters/db';
import type { BlobStore } from './adapters/blob/blob-store';
import { openBlobStore } from './adapters/blob/blob-store-factory';
import { ffprobeProber } from './adapters/media/ffprobe-prober';
import { AppError } from './errors';
import { AuditService } from './features/audit/audit.service';
import { ExportsRepo } from './features/exports/exports.repo';
import { ExportsService } from './features/exports/exports.service';
import { loadSigningKey } from './features/exports/signing-key';
import type { RecordingEngine } from './features/recordings/engine-port';
import { recordingLog } from './features/recordings/log';
import { RecordingSettingsRepo } from './features/recordings/recording-settings.repo';
import { RecordingSupervisor } from './features/recordings/recording-supervisor';
import type { RecordingHolds } from './features/recordings/recording-holds';
import { RecordingsService } from './features/recordings/recordings.service';
import { RetentionService, volumeOf } from './features/recordings/retention.service';
import { SegmentIndexRepo } from './features/recordings/segment-index.repo';
import { SegmentIngest } from './features/recordings/segment-ingest';
import { AuthService } from './features/auth/auth.service';
import { SetupService } from './features/auth/setup.service';
import { CameraImportService } from './features/cameras/camera-import.service';
import { CamerasRepo } from './features/cameras/cameras.repo';
import { CamerasService } from './features/cameras/cameras.service';
import type { StreamProber } from './features/cameras/probe-port';
import { DomainsRepo } from './features/domains/domains.repo';
import { DomainsService } from './features/domains/domains.service';
import { GroupsRepo } from './features/groups/groups.repo';
import { GroupsService } from './features/groups/groups.service';
import { TokensService } from './features/tokens/tokens.service';
import { UsersRepo } from './features/users/users.repo';
import { UsersService } from './features/users/users.service';
import { loadSecretKey, SecretBox } from './security/secret-box';
import type { FeatureModule } from './features/feature-module';
import type { ModuleDeps } from './features/module-deps';
import { createEventsModule, type EventsModule } from './features/events/events.module';
import { createLiveModule, type LiveModule } from './features/live/live.module';
import { createSubscriptionsModule } from './features/subscriptions/subscriptions.module';
import { createTasksModule, type TaskRuntimeOverrides } from './features/tasks/tasks.module';
import { createPreferencesModule } from './features/preferences/preferences.module';
import { systemClock, type Clock } from './util/clock';

export interface ContainerOptions {
  clock?: Clock;
  /** Replaces ffprobe (only where no real stream can be reached). */
  prober?: StreamProber;
  /** Replaces the configured blob store (tests: a store with a small quota). */
  blobs?: BlobStore;
  /** Replaces the recording engine (tests, benchmarks). */
  recordingEngine?: RecordingEngine;
  /** Replaces the analysis detector or the overload check period (tests, benchmarks). */
  analysis?: TaskRuntimeOverrides;
}

/** The hand-wired object graph of one Argus server. Nothing here listens; see http/server.ts. */
export interface Container {
  config: ArgusConfig;
  db: Db;
  blobs: BlobStore;
  clock: Clock;
  media: { tools(): MediaTools; version(): string | null };
  audit: AuditService;
  domains: DomainsService;
  domainsRepo: DomainsRepo;
  usersRepo: UsersRepo;
  users: UsersService;
  auth: AuthService;
  setup: SetupService;
  tokens: TokensService;
  cameras: CamerasService;
  camerasRepo: CamerasRepo;
  cameraImport: CameraImportService;
  groups: GroupsService;
  recordings: RecordingsService;
  /** Keep a camera's recordings of a time range longer (the event center calls it for events). */
  recordingHolds: RecordingHolds;
  segmentIndex: SegmentIndexRepo;
  recorder: RecordingSupervisor;
  segmentIngest: SegmentIngest;
  retention: RetentionService;
  exports: ExportsService;
  /** Feature slices built on the core (live, events, subscriptions, tasks), in creation order. */
  modules: readonly FeatureModule[];
  events: EventsModule;
  live: LiveModule;
  /** Starts recording, retention and the export queue (boot does; the SDK generator does not). */
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

async function mediaToolsOf(config: ArgusConfig): Promise<Container['media']> {
  let found: MediaTools | null = null;
  let missing = '';
  try {
    found = await findMediaTools({
      ...(config.media.ffmpegPath ? { ffmpegPath: config.media.ffmpegPath } : {}),
      ...(config.media.ffprobePath ? { ffprobePath: config.media.ffprobePath } : {}),
    });
  } catch (err) {
    if (!(err instanceof MediaToolsMissingError)) throw err;
    missing = err.message;
  }
  return {
    tools: () => {
      if (!found) throw new AppError('media_tools_missing', missing);
      return found;
    },
    version: () => found?.version ?? null,
  };
}

/** The blob store the configuration asks for; an S3 bucket is checked at start so a wrong one fails at once. */
async function configuredBlobStore(config: ArgusConfig): Promise<BlobStore> {
  const { blob } = config;
  const key = blob.encryption.enabled
    ? loadSecretKey(blob.encryption.key, config.dataDir, 'blob-encryption.key', 'blob.encryption.key')
    : undefined;
  if (blob.kind === 'local') return openBlobStore({ kind: 'local', dir: blob.localDir ?? path.join(config.dataDir, 'blobs') }, key);
  const { partSizeMiB, forcePathStyle, ...s3 } = blob.s3;
  return openBlobStore({ kind: 's3', ...s3, partSizeBytes: partSizeMiB * 1024 * 1024, ...(forcePathStyle !== undefined ? { forcePathStyle } : {}) }, key);
}

export async function createContainer(config: ArgusConfig, options: ContainerOptions = {}): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const db = await openDb({
    url: config.database.url,
    dataDir: config.dataDir,
    poolSize: config.database.poolSize,
    ...(config.database.schema ? { schema: config.database.schema } : {}),
  });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const blobs = options.blobs ?? (await configuredBlobStore(config));
  const secrets = new SecretBox(loadSecretKey(config.security.secretKey, config.dataDir));
  const media = await mediaToolsOf(config);
  const k = db.kysely;
  const audit = new AuditService(k, clock);
  const domainsRepo = new DomainsRepo(k);
  const domains = new DomainsService(domainsRepo, audit, clock);
  const usersRepo = new UsersRepo(k);
  const users = new UsersService(usersRepo, domainsRepo, audit, clock, config.security.passwordMinLength);
  const auth = new AuthService(k, usersRepo, audit, clock, config.security);
  const setup = new SetupService(k, usersRepo, domains, audit, clock, config.security.passwordMinLength);
  const tokens = new TokensService(k, domains, audit, clock);
  const camerasRepo = new CamerasRepo(k);
  const groupsRepo = new GroupsRepo(k);
  const prober = options.prober ?? ffprobeProber(() => media.tools());
  const fileRoots = config.media.fileSourceRoots.length > 0 ? config.media.fileSourceRoots : defaultFileSourceRoots(config.dataDir);
  const cameras = new CamerasService(camerasRepo, groupsRepo, domains, secrets, prober, audit, clock, config.media.probeTimeoutMs, fileRoots);
  const cameraImport = new CameraImportService(cameras, groupsRepo, domains, audit);
  const groups = new GroupsService(groupsRepo, camerasRepo, domains, audit, clock);
  const rec = config.recording;
  const log = recordingLog(config.server.logLevel);
  const segmentIndex = new SegmentIndexRepo(k);
  const recordingSettings = new RecordingSettingsRepo(k);
  const exportsService = new ExportsService(
    new ExportsRepo(k),
    segmentIndex,
    camerasRepo,
    blobs,
    audit,
    clock,
    { dataDir: config.dataDir, gapToleranceMs: rec.gapToleranceMs, export: rec.export },
    () => media.tools(),
    loadSigningKey(config.dataDir),
    log,
  );
  const blobDir = config.blob.localDir ?? path.join(config.dataDir, 'blobs');
  const retention = new RetentionService(
    segmentIndex,
    recordingSettings,
    blobs,
    { exportBytes: () => exportsService.totalBytes(), expireExports: (now) => exportsService.expire(now) },
    rec.retention,
    () => (blobs.kind.endsWith('local') ? volumeOf(blobDir) : Promise.resolve(null)),
    clock,
    log,
  );
  const segmentIngest = new SegmentIngest(segmentIndex, blobs, clock, path.join(config.dataDir, 'recording-spool'), rec.spoolMaxBytes, (bytes) => retention.emergency(bytes), log);
  const engine = options.recordingEngine ?? (await import('./features/recordings/media-engine')).mediaRecordingEngine(() => media.tools());
  const recorder = new RecordingSupervisor({
    settings: recordingSettings,
    cameras,
    engine,
    ingest: segmentIngest,
    config: rec,
    workRoot: rec.workDir ?? path.join(config.dataDir, 'recording-work'),
    preRollRoot: path.join(config.dataDir, 'recording-preroll'),
    log,
    now: () => clock.now(),
  });
  const recordings = new RecordingsService(segmentIndex, recordingSettings, camerasRepo, blobs, audit, clock, rec, recorder);
  recordings.holds.reapplyPins = (cameraId, fromMs, toMs) => exportsService.reapplyPins(cameraId, fromMs, toMs);
  recordings.onSettingsChanged = () => recorder.reconcileSoon();
  await domains.ensureRoot();
  const moduleDeps: ModuleDeps = { config, db: k, blobs, clock, media, secrets, audit, domains, cameras, camerasRepo, recordings, recorder };
  const events = createEventsModule(moduleDeps);
  const live = createLiveModule(moduleDeps, { auth });
  const subscriptions = createSubscriptionsModule(moduleDeps, { feed: events.feed, log: events.log });
  const tasks = createTasksModule(moduleDeps, { events: events.sink, streams: live.streams, overlay: (cameraId, msg) => live.publishOverlay(cameraId, msg) }, options.analysis);
  cameras.onMoved = (cameraId) => tasks.service.cameraMoved(cameraId);
  const modules: readonly FeatureModule[] = [events, live, subscriptions, tasks, createPreferencesModule(moduleDeps)];
  let started = false;
  let closed = false;
  return {
    config,
    db,
    blobs,
    clock,
    media,
    audit,
    domains,
    domainsRepo,
    usersRepo,
    users,
    auth,
    setup,
    tokens,
    cameras,
    camerasRepo,
    cameraImport,
    groups,
    recordings,
    recordingHolds: recordings.holds,
    segmentIndex,
    recorder,
    segmentIngest,
    retention,
    exports: exportsService,
    modules,
    events,
    live,
    startBackground: async () => {
      if (started || closed) return;
      started = true;
      await exportsService.start();
      await recorder.start();
      retention.start();
      retention.run('start').catch((err: unknown) => log.error(`retention failed: ${(err as Error).message}`));
      for (const m of modules) await m.start?.();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const m of [...modules].reverse()) await m.close?.();
      await recorder.close();
      await exportsService.close();
      await retention.close();
      await blobs.close();
      await db.close();
    },
  };
}

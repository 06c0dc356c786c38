import path from 'node:path';
import { findMediaTools, MediaToolsMissingError, OPENCV_VTEST_PATH, type MediaTools } from '@argus/media';
import type { ArgusConfig } from './config/schema';
import { migrate, openDb, type Db } from './adapters/db';
import type { BlobStore } from './adapters/blob/blob-store';
import { LocalBlobStore } from './adapters/blob/local-blob-store';
import { ffprobeProber } from './adapters/media/ffprobe-prober';
import { AppError } from './errors';
import { AuditService } from './features/audit/audit.service';
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
import { systemClock, type Clock } from './util/clock';

export interface ContainerOptions {
  clock?: Clock;
  /** Replaces ffprobe (only where no real stream can be reached). */
  prober?: StreamProber;
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

/** Where file sources may live when the configuration names no folders: uploads and the bundled demo clip. */
export function defaultFileSourceRoots(dataDir: string): string[] {
  return [path.join(dataDir, 'media'), path.join(dataDir, 'demo'), path.dirname(OPENCV_VTEST_PATH)];
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
  const blobs = new LocalBlobStore(config.blob.localDir ?? path.join(config.dataDir, 'blobs'));
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
  await domains.ensureRoot();
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
    close: async () => {
      if (closed) return;
      closed = true;
      await blobs.close();
      await db.close();
    },
  };
}

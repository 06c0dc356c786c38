import type { Kysely } from 'kysely';
import type { MediaTools } from '@argus/media';
import type { ArgusConfig } from '../config/schema';
import type { Database } from '../adapters/db';
import type { BlobStore } from '../adapters/blob/blob-store';
import type { Clock } from '../util/clock';
import type { AuditService } from './audit/audit.service';
import type { CamerasRepo } from './cameras/cameras.repo';
import type { CamerasService } from './cameras/cameras.service';
import type { DomainsService } from './domains/domains.service';
import type { RecordingSupervisor } from './recordings/recording-supervisor';
import type { RecordingsService } from './recordings/recordings.service';
import type { SecretBox } from '../security/secret-box';

/** What the container hands every feature module: the core services built before the modules. */
export interface ModuleDeps {
  config: ArgusConfig;
  db: Kysely<Database>;
  blobs: BlobStore;
  clock: Clock;
  media: { tools(): MediaTools; version(): string | null };
  secrets: SecretBox;
  audit: AuditService;
  domains: DomainsService;
  cameras: CamerasService;
  camerasRepo: CamerasRepo;
  recordings: RecordingsService;
  recorder: RecordingSupervisor;
}

import type { Kysely, Selectable } from 'kysely';
import type { CameraRecordingSettingsTable, CamerasTable, Database } from '../../adapters/db';
import { RecordingHoldsRepo } from './recording-holds.repo';
import { RecordingPoliciesRepo } from './recording-policies.repo';
import type { ScheduleWindow } from './schedule';
import { numOrNull } from './segment-index.repo';

export const RECORDING_MODES = ['continuous', 'event', 'off'] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];

export const DEFAULT_PRE_ROLL_SEGMENTS = 3;
export const DEFAULT_POST_ROLL_SECONDS = 30;

/** A camera's own recording settings; null fields fall back to the configured defaults. */
export interface CameraRecordingSettings {
  mode: RecordingMode | null;
  maxAgeHours: number | null;
  maxBytes: number | null;
  preRollSegments: number | null;
  postRollSeconds: number | null;
  /** Weekly windows in which the camera records; null: always. */
  schedule: ScheduleWindow[] | null;
  updatedAt: string | null;
}

export const NO_SETTINGS: CameraRecordingSettings = { mode: null, maxAgeHours: null, maxBytes: null, preRollSegments: null, postRollSeconds: null, schedule: null, updatedAt: null };

type SettingsRow = Selectable<CameraRecordingSettingsTable>;

function settingsOf(r: SettingsRow): CameraRecordingSettings {
  return {
    mode: isMode(r.mode) ? r.mode : null,
    maxAgeHours: r.max_age_hours,
    maxBytes: numOrNull(r.max_bytes),
    preRollSegments: r.pre_roll_segments,
    postRollSeconds: r.post_roll_seconds,
    schedule: r.schedule ? (JSON.parse(r.schedule) as ScheduleWindow[]) : null,
    updatedAt: r.updated_at,
  };
}

/** What the recording supervisor needs of a camera: its stream, whether it is on, and its recording settings. */
export type RecordableCamera = Selectable<CamerasTable> & { settings: CameraRecordingSettings };

const isMode = (v: string | null): v is RecordingMode => v !== null && (RECORDING_MODES as readonly string[]).includes(v);

export class RecordingSettingsRepo {
  /** Group and domain retention defaults (migration 0007). */
  readonly policies: RecordingPoliciesRepo;
  /** Recording holds (migration 0007). */
  readonly holds: RecordingHoldsRepo;

  constructor(private readonly db: Kysely<Database>) {
    this.policies = new RecordingPoliciesRepo(db);
    this.holds = new RecordingHoldsRepo(db);
  }

  async get(cameraId: string): Promise<CameraRecordingSettings> {
    const r = await this.db.selectFrom('camera_recording_settings').selectAll().where('camera_id', '=', cameraId).executeTakeFirst();
    return r ? settingsOf(r) : NO_SETTINGS;
  }

  async put(cameraId: string, s: Omit<CameraRecordingSettings, 'updatedAt'>, at: string): Promise<void> {
    const row = {
      mode: s.mode ?? 'inherit',
      max_age_hours: s.maxAgeHours,
      max_bytes: s.maxBytes,
      pre_roll_segments: s.preRollSegments,
      post_roll_seconds: s.postRollSeconds,
      schedule: s.schedule ? JSON.stringify(s.schedule) : null,
      updated_at: at,
    };
    await this.db
      .insertInto('camera_recording_settings')
      .values({ camera_id: cameraId, ...row })
      .onConflict((oc) => oc.column('camera_id').doUpdateSet(row))
      .execute();
  }

  /** Every camera with its settings (the supervisor's and retention's view of the registry). */
  async cameras(): Promise<RecordableCamera[]> {
    const [cameras, settings] = await Promise.all([
      this.db.selectFrom('cameras').selectAll().orderBy('id').execute(),
      this.db.selectFrom('camera_recording_settings').selectAll().execute(),
    ]);
    const byCamera = new Map(settings.map((r) => [r.camera_id, r]));
    return cameras.map((c) => {
      const r = byCamera.get(c.id);
      return { ...c, settings: r ? settingsOf(r) : NO_SETTINGS };
    });
  }
}

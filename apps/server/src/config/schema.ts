import { z } from 'zod';
import { isValidTimeZone } from '../features/recordings/schedule';
import { eventsConfigSchema } from '../features/events/events.config';
import { liveConfigSchema } from '../features/live/live.config';
import { subscriptionsConfigSchema } from '../features/subscriptions/subscriptions.config';
import { tasksConfigSchema } from '../features/tasks/tasks.config';

/**
 * The one configuration tree. Every option has a default and a description; the docs (docs/configuration.md)
 * are generated from this schema and the env bindings below.
 */
const port = z.number().int().min(0).max(65535);

export const configSchema = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .default('./data')
      .describe('Folder for the embedded database, recordings, snapshots and keys. Created when missing.'),
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1').describe('Address the HTTP server listens on.'),
        port: port.default(8080).describe('TCP port of the HTTP server (0 picks a free one).'),
        publicUrl: z
          .string()
          .url()
          .optional()
          .describe('Base URL users reach the console at, used in printed links. Defaults to http://host:port.'),
        bodyLimitBytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 * 1024)
          .default(1024 * 1024)
          .describe('Largest accepted request body; larger bodies get 413.'),
        trustProxy: z.boolean().default(false).describe('Trust X-Forwarded-* headers (behind a reverse proxy).'),
        logLevel: z
          .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
          .default('info')
          .describe('Log level of the server.'),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        url: z
          .string()
          .default('')
          .describe(
            'Metadata database. Empty: an embedded SQLite file in the data folder. `sqlite:/path/file.db` for another ' +
              'SQLite file, `postgres://user@host:5432/db` for PostgreSQL.',
          ),
        poolSize: z.number().int().min(1).max(200).default(10).describe('Connections in the PostgreSQL pool.'),
        schema: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/)
          .optional()
          .describe('PostgreSQL schema to use (created when missing); default is the connection default.'),
      })
      .strict()
      .prefault({}),
    blob: z
      .object({
        kind: z.enum(['local', 's3']).default('local').describe('Blob store for recordings, snapshots and exports: local disk or S3-compatible object storage.'),
        localDir: z.string().optional().describe('Folder of the local blob store; default <dataDir>/blobs.'),
        s3: z
          .object({
            endpoint: z.string().default('').describe('S3-compatible service URL (MinIO, Ceph, …); empty for AWS S3 itself.'),
            region: z.string().min(1).default('us-east-1').describe('Region of the bucket.'),
            bucket: z.string().default('').describe('Bucket; required when blob.kind is s3.'),
            prefix: z.string().default('').describe('Key prefix inside the bucket, so several deployments can share one.'),
            accessKeyId: z.string().default('').describe('Access key id; with the secret empty too, the AWS SDK default credential chain is used.'),
            secretAccessKey: z.string().default('').describe('Secret access key (never logged or shown).'),
            forcePathStyle: z.boolean().optional().describe('Path-style URLs; default true when an endpoint is set.'),
            partSizeMiB: z.number().int().min(5).max(512).default(8).describe('Multipart upload part size; smaller objects go in one request.'),
          })
          .strict()
          .prefault({}),
        encryption: z
          .object({
            enabled: z.boolean().default(false).describe('Encrypt recordings, snapshots and exports at rest (AES-256-GCM in 64 KiB chunks).'),
            key: z
              .string()
              .optional()
              .describe(
                'Key (base64, 32 bytes). When unset, one is generated once into <dataDir>/blob-encryption.key (mode 0600). ' +
                  'Losing it loses every recording. Turning encryption on or off does not convert existing objects.',
              ),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .superRefine((blob, ctx) => {
        if (blob.kind === 's3' && blob.s3.bucket === '') ctx.addIssue({ code: 'custom', path: ['s3', 'bucket'], message: 'is required when blob.kind is s3' });
      })
      .prefault({}),
    security: z
      .object({
        secretKey: z
          .string()
          .optional()
          .describe(
            'Key (base64, 32 bytes) that encrypts secrets at rest (camera passwords). When unset, one is generated ' +
              'once into <dataDir>/secret.key (mode 0600). Keep it: without it stored camera passwords are lost.',
          ),
        sessionTtlHours: z.number().min(0.01).max(24 * 90).default(12).describe('Absolute lifetime of a session.'),
        sessionIdleMinutes: z.number().min(1).max(24 * 60 * 30).default(120).describe('A session unused this long expires.'),
        signInMaxFailures: z.number().int().min(1).max(1000).default(5).describe('Failed sign-ins per user name and address within the window before 429.'),
        signInWindowSeconds: z.number().int().min(1).max(86400).default(300).describe('Window of the sign-in rate limit.'),
        passwordMinLength: z.number().int().min(8).max(256).default(10).describe('Shortest accepted password.'),
        cookieSecure: z.boolean().default(false).describe('Mark the session cookie Secure (serve over HTTPS).'),
      })
      .strict()
      .prefault({}),
    media: z
      .object({
        ffmpegPath: z.string().optional().describe('Path of ffmpeg; default: found on PATH.'),
        ffprobePath: z.string().optional().describe('Path of ffprobe; default: found on PATH.'),
        probeTimeoutMs: z.number().int().min(500).max(120000).default(8000).describe('Time a camera probe may take.'),
        fileSourceRoots: z
          .array(z.string().min(1))
          .max(64)
          .default([])
          .describe(
            'Folders that file sources may read from. Empty: <dataDir>/media, <dataDir>/demo and the folder of the bundled demo clip. ' +
              'Keeps users from probing or recording arbitrary files of the server.',
          ),
      })
      .strict()
      .prefault({}),
    recording: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe('Record cameras at all. Off: no recorder runs (playback and export of what exists still work).'),
        defaultMode: z
          .enum(['continuous', 'event', 'off'])
          .default('continuous')
          .describe(
            'Recording mode of a camera without its own setting: continuous (24/7), event (keep a pre-roll of ' +
              'segments locally and store them only around marked events) or off.',
          ),
        segmentSeconds: z
          .number()
          .min(1)
          .max(60)
          .default(4)
          .describe('Target segment length; segments are cut on the next key frame after it.'),
        stallTimeoutSeconds: z
          .number()
          .min(2)
          .max(600)
          .default(10)
          .describe('A stream that delivers no packets for this long is considered stalled and restarted.'),
        backoffInitialMs: z.number().int().min(100).max(60_000).default(1000).describe('First restart delay of a failing recorder.'),
        backoffMaxMs: z
          .number()
          .int()
          .min(1000)
          .max(3_600_000)
          .default(30_000)
          .describe('Largest restart delay of a failing recorder (exponential backoff with jitter up to this).'),
        workDir: z
          .string()
          .optional()
          .describe('Folder for segments being written, before they are moved to the blob store; default <dataDir>/recording-work.'),
        reconcileSeconds: z
          .number()
          .min(0.2)
          .max(3600)
          .default(5)
          .describe('How often the recording supervisor compares running recorders with the camera list (changes made through the API apply at once).'),
        gapToleranceMs: z
          .number()
          .int()
          .min(0)
          .max(60_000)
          .default(1500)
          .describe('Largest hole between two segments that still counts as continuous recording (ranges, playlists).'),
        scheduleTimeZone: z
          .string()
          .optional()
          .refine((tz) => tz === undefined || isValidTimeZone(tz), 'is not a known IANA time zone')
          .describe('Time zone of per-camera recording schedules (e.g. Europe/Berlin); default the server\'s.'),
        playlistMaxHours: z.number().min(0.1).max(24 * 7).default(24).describe('Longest time range one playback playlist may cover.'),
        spoolMaxBytes: z
          .number()
          .int()
          .min(0)
          .default(1024 * 1024 * 1024)
          .describe('Segments that cannot be stored right now (blob store down, disk full) wait in a local spool up to this size; beyond it the oldest are dropped and counted as lost.'),
        retention: z
          .object({
            intervalSeconds: z.number().min(0.2).max(86_400).default(60).describe('How often retention runs (it also runs at once when a write fails for lack of space).'),
            maxAgeHours: z
              .number()
              .int()
              .min(0)
              .default(24 * 30)
              .describe('Default maximum age of recordings per camera, in hours (0: no age limit). Cameras may set their own.'),
            maxBytesPerCamera: z
              .number()
              .int()
              .min(0)
              .default(0)
              .describe('Default maximum size of one camera\'s recordings in bytes (0: no limit). Cameras may set their own.'),
            diskCeilingBytes: z
              .number()
              .int()
              .min(0)
              .default(0)
              .describe('Global ceiling of recordings plus exports in bytes (0: none); above it the oldest segments of any camera go first.'),
            diskCeilingPercent: z
              .number()
              .min(0)
              .max(100)
              .default(90)
              .describe('Global ceiling as a share of the data volume used (local blob store only; 0: none); above it the oldest segments go first.'),
            emergencyFreeBytes: z
              .number()
              .int()
              .min(0)
              .default(256 * 1024 * 1024)
              .describe('When a write fails for lack of space, retention frees at least this much beyond the ceiling at once.'),
            batchSize: z.number().int().min(10).max(10_000).default(500).describe('Segments examined per retention step.'),
            eventHoldDays: z.number().min(0.01).max(36_500).default(30).describe('Recording holds (segments an event or an integration asked to keep) last this long unless the request names its own end.'),
          })
          .strict()
          .prefault({}),
        export: z
          .object({
            maxSeconds: z.number().int().min(1).max(7 * 86_400).default(86_400).describe('Longest time range one export may cover.'),
            concurrency: z.number().int().min(1).max(16).default(1).describe('Exports that run at the same time (the others wait in the queue).'),
            keepDays: z.number().min(0.01).max(3650).default(7).describe('Unpinned exports are deleted this long after they were made.'),
            pinDays: z.number().min(1).max(36_500).default(365).describe('A pinned export, and the recorded segments it was made from, are kept this long.'),
            timeoutSeconds: z.number().int().min(10).max(86_400).default(3600).describe('An export job that runs longer is stopped and marked failed.'),
            fontFile: z
              .string()
              .optional()
              .describe('TrueType font for watermarks; default: DejaVu Sans (Debian fonts-dejavu-core), else ffmpeg\'s fontconfig default.'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    demo: z
      .object({
        enabled: z.boolean().default(true).describe('Register a looping demo camera on first start.'),
      })
      .strict()
      .prefault({}),
    // Later slices keep their section's schema beside their code.
    live: liveConfigSchema.describe('Live view: fan-out of camera streams to browsers.'),
    events: eventsConfigSchema.describe('Event center: storage, de-duplication, review, tickets and reports.'),
    subscriptions: subscriptionsConfigSchema.describe('Northbound push of events: webhooks and MQTT.'),
    analysis: tasksConfigSchema.describe('Analysis tasks: jobs, rules, compute scheduling and offline runs.'),
  })
  .strict();

export type ArgusConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Environment variables that set an option; the first one set wins. */
export const ENV_BINDINGS: ReadonlyArray<{ path: string; env: readonly string[] }> = [
  { path: 'dataDir', env: ['ARGUS_DATA_DIR'] },
  { path: 'server.host', env: ['ARGUS_HOST', 'HOST'] },
  { path: 'server.port', env: ['ARGUS_PORT', 'PORT'] },
  { path: 'server.publicUrl', env: ['ARGUS_PUBLIC_URL'] },
  { path: 'server.logLevel', env: ['ARGUS_LOG_LEVEL'] },
  { path: 'server.bodyLimitBytes', env: ['ARGUS_BODY_LIMIT_BYTES'] },
  { path: 'server.trustProxy', env: ['ARGUS_TRUST_PROXY'] },
  { path: 'database.url', env: ['ARGUS_DATABASE_URL'] },
  { path: 'database.poolSize', env: ['ARGUS_DATABASE_POOL_SIZE'] },
  { path: 'database.schema', env: ['ARGUS_DATABASE_SCHEMA'] },
  { path: 'blob.kind', env: ['ARGUS_BLOB_KIND'] },
  { path: 'blob.localDir', env: ['ARGUS_BLOB_DIR'] },
  { path: 'blob.s3.endpoint', env: ['ARGUS_S3_ENDPOINT'] },
  { path: 'blob.s3.region', env: ['ARGUS_S3_REGION'] },
  { path: 'blob.s3.bucket', env: ['ARGUS_S3_BUCKET'] },
  { path: 'blob.s3.prefix', env: ['ARGUS_S3_PREFIX'] },
  { path: 'blob.s3.accessKeyId', env: ['ARGUS_S3_ACCESS_KEY_ID'] },
  { path: 'blob.s3.secretAccessKey', env: ['ARGUS_S3_SECRET_ACCESS_KEY'] },
  { path: 'blob.encryption.enabled', env: ['ARGUS_BLOB_ENCRYPTION'] },
  { path: 'blob.encryption.key', env: ['ARGUS_BLOB_ENCRYPTION_KEY'] },
  { path: 'security.secretKey', env: ['ARGUS_SECRET_KEY'] },
  { path: 'security.sessionTtlHours', env: ['ARGUS_SESSION_TTL_HOURS'] },
  { path: 'security.cookieSecure', env: ['ARGUS_COOKIE_SECURE'] },
  { path: 'media.ffmpegPath', env: ['ARGUS_FFMPEG_PATH'] },
  { path: 'media.ffprobePath', env: ['ARGUS_FFPROBE_PATH'] },
  { path: 'media.probeTimeoutMs', env: ['ARGUS_PROBE_TIMEOUT_MS'] },
  { path: 'demo.enabled', env: ['ARGUS_DEMO'] },
  { path: 'recording.enabled', env: ['ARGUS_RECORDING_ENABLED'] },
  { path: 'recording.defaultMode', env: ['ARGUS_RECORDING_MODE'] },
  { path: 'recording.segmentSeconds', env: ['ARGUS_RECORDING_SEGMENT_SECONDS'] },
  { path: 'recording.workDir', env: ['ARGUS_RECORDING_WORK_DIR'] },
  { path: 'recording.scheduleTimeZone', env: ['ARGUS_RECORDING_TIME_ZONE'] },
  { path: 'recording.retention.intervalSeconds', env: ['ARGUS_RETENTION_INTERVAL_SECONDS'] },
  { path: 'recording.retention.maxAgeHours', env: ['ARGUS_RETENTION_MAX_AGE_HOURS'] },
  { path: 'recording.retention.maxBytesPerCamera', env: ['ARGUS_RETENTION_MAX_BYTES_PER_CAMERA'] },
  { path: 'recording.retention.diskCeilingBytes', env: ['ARGUS_RETENTION_DISK_CEILING_BYTES'] },
  { path: 'recording.retention.diskCeilingPercent', env: ['ARGUS_RETENTION_DISK_CEILING_PERCENT'] },
  { path: 'recording.export.maxSeconds', env: ['ARGUS_EXPORT_MAX_SECONDS'] },
  { path: 'recording.export.keepDays', env: ['ARGUS_EXPORT_KEEP_DAYS'] },
];

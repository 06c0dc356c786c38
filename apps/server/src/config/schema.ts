import { z } from 'zod';

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
        kind: z.enum(['local']).default('local').describe('Blob store for recordings and snapshots.'),
        localDir: z.string().optional().describe('Folder of the local blob store; default <dataDir>/blobs.'),
      })
      .strict()
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
    demo: z
      .object({
        enabled: z.boolean().default(true).describe('Register a looping demo camera on first start.'),
      })
      .strict()
      .prefault({}),
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
  { path: 'blob.localDir', env: ['ARGUS_BLOB_DIR'] },
  { path: 'security.secretKey', env: ['ARGUS_SECRET_KEY'] },
  { path: 'security.sessionTtlHours', env: ['ARGUS_SESSION_TTL_HOURS'] },
  { path: 'security.cookieSecure', env: ['ARGUS_COOKIE_SECURE'] },
  { path: 'media.ffmpegPath', env: ['ARGUS_FFMPEG_PATH'] },
  { path: 'media.ffprobePath', env: ['ARGUS_FFPROBE_PATH'] },
  { path: 'media.probeTimeoutMs', env: ['ARGUS_PROBE_TIMEOUT_MS'] },
  { path: 'demo.enabled', env: ['ARGUS_DEMO'] },
];

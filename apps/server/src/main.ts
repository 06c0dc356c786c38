import { findMediaTools, MediaToolsMissingError } from '@argus/media';
import { ConfigError, loadConfig } from './config/load';
import { startServer } from './boot';

/** `npm start`: one process, embedded database, console and API on one port. */
async function main(): Promise<void> {
  const config = loadConfig();
  await findMediaTools({
    ...(config.media.ffmpegPath ? { ffmpegPath: config.media.ffmpegPath } : {}),
    ...(config.media.ffprobePath ? { ffprobePath: config.media.ffprobePath } : {}),
  });
  const server = await startServer(config);
  const line = '-'.repeat(72);
  console.log(`\n${line}\nArgus is running at ${server.url}  (data: ${server.container.config.dataDir}, db: ${server.container.db.describe})`);
  if (server.setupUrl) {
    console.log(`First run: open this one-time link to create the administrator:\n  ${server.setupUrl}`);
    console.log(`or run: npx argus setup-admin --user admin --password '<a long password>'`);
  }
  console.log(`${line}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping Argus`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('error while stopping:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof MediaToolsMissingError) {
    console.error(`argus: ${err.message}`);
    process.exit(2);
  }
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') {
    console.error(`argus: the port is already in use (${e.message}); set PORT or ARGUS_PORT to another one`);
    process.exit(2);
  }
  console.error('argus: failed to start:', err);
  process.exit(1);
});

import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load';
import { createContainer } from '../container';
import { AppError } from '../errors';
import { UsageError } from './usage-error';
import { verifyExport } from './verify-export-command';

const HELP = `argus — self-hosted AI video platform

Usage:
  argus start                                   start the server (same as npm start)
  argus setup-admin --user U --password P [--display-name N]
                                                create the first administrator (only while none exists)
  argus config                                  print the effective configuration (secrets hidden)
  argus verify-export FILE MANIFEST [--public-key PEM]
                                                check an exported clip against its signed manifest: exit 0 when
                                                both are untouched, 1 when anything changed (key: --public-key, a
                                                file from GET /api/exports/public-key, else this server's data dir)
  argus eval detect --images DIR --labels DIR [--model PATH | --detector yolox|centernet]
  argus eval track --video FILE --gt FILE [--from-frame N --to-frame M] [--line x1,y1,x2,y2]
                                                score the detector or the tracker against ground truth
  argus eval rules --video FILE --rules FILE [--from-frame N --to-frame M] [--fps N] [--gt FILE]
                                                run zone/line rules over a video: one JSON line per event, last
                                                line: events intrusion=<n> crossing=<n> loitering=<n> (docs/rules.md)
  argus --help                                  this help

Configuration comes from environment variables (ARGUS_DATA_DIR, PORT/ARGUS_PORT, ARGUS_DATABASE_URL, …)
and an optional JSON file named by ARGUS_CONFIG; see docs/configuration.md.`;

async function setupAdmin(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, password: { type: 'string' }, 'display-name': { type: 'string' } },
    strict: true,
  });
  if (!values.user || !values.password) {
    console.error('argus setup-admin: --user and --password are both required');
    return 2;
  }
  const container = await createContainer(loadConfig());
  try {
    const created = await container.setup.createFirstAdmin({
      username: values.user,
      password: values.password,
      ...(values['display-name'] ? { displayName: values['display-name'] } : {}),
    });
    console.log(`created administrator ${created.username} (${created.id}) with rights on the whole organisation`);
    return 0;
  } finally {
    await container.close();
  }
}

function printConfig(): number {
  const config = loadConfig();
  const shown = { ...config, security: { ...config.security, secretKey: config.security.secretKey ? '***' : undefined } };
  shown.database = { ...config.database, url: config.database.url.replace(/\/\/[^@]*@/, '//***@') };
  console.log(JSON.stringify(shown, null, 2));
  return 0;
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(HELP);
        return 0;
      case 'start':
        await import('../main');
        return -1;
      case 'setup-admin':
        return await setupAdmin(rest);
      case 'config':
        return printConfig();
      case 'verify-export':
        return await verifyExport(rest);
      case 'eval':
        // Loaded on demand: it brings ONNX Runtime, which the other commands do not need.
        await (await import('./eval-commands')).runEvalCommand(rest);
        return 0;
      default:
        console.error(`argus: unknown command ${command}\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`argus ${command}: ${err.message}\n\n${HELP}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof AppError) {
      console.error(`argus ${command}: ${err.message}`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`argus ${command}: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

const code = await runCli(process.argv.slice(2));
if (code >= 0) process.exit(code);

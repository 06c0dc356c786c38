import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configSchema, ENV_BINDINGS, type ArgusConfig } from './schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Tree = Record<string, unknown>;

function setPath(tree: Tree, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Env values are strings; numbers and booleans are read by the shape of the text, the schema judges the rest. */
function envValue(raw: string): unknown {
  const t = raw.trim();
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return raw;
}

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  /** Options given in code (tests, CLI flags); they override env and file. */
  overrides?: Tree;
  cwd?: string;
}

/** Reads ARGUS_CONFIG (a JSON file) if set, then env bindings, then overrides; validates once, listing every bad value. */
export function loadConfig(sources: ConfigSources = {}): ArgusConfig {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const origin = new Map<string, string>();
  let tree: Tree = {};
  const file = env.ARGUS_CONFIG;
  if (file) {
    try {
      tree = JSON.parse(readFileSync(path.resolve(cwd, file), 'utf8')) as Tree;
    } catch (err) {
      throw new ConfigError([`ARGUS_CONFIG=${file}: cannot read it as JSON (${(err as Error).message})`]);
    }
    if (typeof tree !== 'object' || tree === null || Array.isArray(tree)) {
      throw new ConfigError([`ARGUS_CONFIG=${file}: must hold a JSON object`]);
    }
  }
  for (const binding of ENV_BINDINGS) {
    const name = binding.env.find((n) => env[n] !== undefined && env[n] !== '');
    if (name === undefined) continue;
    setPath(tree, binding.path, envValue(env[name] as string));
    origin.set(binding.path, `env ${name}=${JSON.stringify(env[name])}`);
  }
  for (const [key, value] of Object.entries(sources.overrides ?? {})) {
    if (value !== undefined) setPath(tree, key, value);
  }
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const at = issue.path.join('.') || '(root)';
        const from = origin.get(at);
        return `${at}: ${issue.message}${from ? ` (from ${from})` : ''}`;
      }),
    );
  }
  const config = parsed.data;
  config.dataDir = path.resolve(cwd, config.dataDir);
  return config;
}

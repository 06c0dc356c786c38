/**
 * Starts a worker thread on a TypeScript module. `new Worker(url, { execArgv: ['--import', 'tsx'] })` does not work
 * on Node 20 (tsx registers its loader hooks only in the main thread there, so the worker fails with
 * 'Unknown file extension ".ts"'); instead the worker runs a tiny JavaScript bootstrap that registers tsx's hooks
 * with its API (`tsx/esm/api` register()) and then imports the module. Modules that are not .ts start directly.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function tsWorkerBootstrap(moduleUrl: URL, tsxApiUrl: string): string {
  return `import(${JSON.stringify(tsxApiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
}

export function startTsWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'eval' | 'execArgv'> = {}): Worker {
  if (!/\.(c|m)?ts$/.test(moduleUrl.pathname)) return new Worker(moduleUrl, options);
  const tsxApiUrl = import.meta.resolve('tsx/esm/api');
  return new Worker(tsWorkerBootstrap(moduleUrl, tsxApiUrl), { ...options, eval: true, execArgv: [] });
}

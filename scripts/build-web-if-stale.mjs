// Builds the console (apps/web) when its dist is missing or older than its sources; `npm start` runs this first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'apps/web');
const distIndex = path.join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(web, 'src')), newest(path.join(root, 'packages/sdk/src')), newest(path.join(root, 'packages/domain/src')), statSync(path.join(web, 'index.html')).mtimeMs);
if (!existsSync(distIndex) || statSync(distIndex).mtimeMs < sources || process.argv.includes('--force')) {
  console.log('argus: building the console (apps/web)…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
}

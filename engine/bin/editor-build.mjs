// Builds the editor (editor/dist) when it is missing or older than its sources, and finds or installs
// the Chromium the browser tests drive. Plain Node: it runs before anything else is known to work.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackage, repoRoot } from './tools.mjs';

const editorDir = join(repoRoot, 'editor');
/** The Chromium that browser tests launch (Debian's package). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The newest modification time under `path` (files and folders), skipping dependencies and output. */
function newestUnder(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, newestUnder(join(path, name)));
  }
  return newest;
}

/**
 * True when editor/dist is missing or older than the editor's sources or the engine's (the editor bundles
 * the model, compiler, nodes and answer shapes; watching all of engine/src never misses a moved file).
 */
export function editorBuildStale() {
  const built = join(editorDir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = [editorDir, join(repoRoot, 'engine', 'src')];
  return Math.max(...sources.map(newestUnder)) > statSync(built).mtimeMs;
}

/** Builds the editor if its build is stale. */
export function ensureEditorBuilt() {
  if (!editorBuildStale()) return;
  console.log('Building the editor (vite build) ...');
  execSync('npx vite build --logLevel warn', { cwd: editorDir, stdio: 'inherit' });
}

/** Installs Debian's chromium with apt-get when it is missing (CI machines start fresh; they run as root). */
export function ensureChromium() {
  ensureDebianPackage('chromium', () => existsSync(chromiumPath));
}

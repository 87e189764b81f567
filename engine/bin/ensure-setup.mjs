#!/usr/bin/env node
// First step of `npm start`, `npm test` and `npm run bench`: installs whatever is missing, so a fresh
// clone needs nothing but Node 20, npm and python3/pip (or go / java+maven as fallbacks).
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDovecot } from './dovecot.mjs';
import { ensureChromium, ensureEditorBuilt } from './editor-build.mjs';
import { ensureDebianPackage, ensureTemporalCli, ensureTestServer, postgresBinDir, repoRoot } from './tools.mjs';

const forTests = process.argv.includes('--for-tests');

function npmDependenciesMissing() {
  const marker = join(repoRoot, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(repoRoot, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs + 1000;
}

if (npmDependenciesMissing()) {
  console.log('Installing npm dependencies (npm ci) ...');
  execSync('npm ci --no-audit --no-fund', { cwd: repoRoot, stdio: 'inherit' });
}
if (!process.env.TEMPORAL_ADDRESS || forTests) ensureTemporalCli();
if (forTests) {
  ensureTestServer();
  ensureDebianPackage('postgresql', () => postgresBinDir() !== undefined);
  ensureDovecot();
}
// The API serves editor/dist at "/"; browser tests need it and Chromium.
ensureEditorBuilt();
if (forTests) ensureChromium();

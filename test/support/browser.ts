import { chromium, type Browser } from 'playwright-core';
import { chromiumPath, ensureEditorBuilt } from '../../engine/bin/editor-build.mjs';

/**
 * Debian's Chromium, headless, driven by playwright-core (no downloaded browser). Builds the editor
 * first when its build is stale, so a targeted test run needs no separate setup step.
 */
export async function launchBrowser(): Promise<Browser> {
  ensureEditorBuilt();
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

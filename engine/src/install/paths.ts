import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Boomerang's own files are; found from this file, so it holds wherever the checkout lives. */
export interface InstallPaths {
  /** The checkout (or installed package) root: plugins and boomerang.config.* are resolved from here. */
  root: string;
  /** The built editor the API serves at "/". */
  editorDist: string;
  /** The starter library (templates/journeys/*.json). */
  starters: string;
  /** The entry file of the workflow code bundled for the worker. */
  workflows: string;
  /** The git-ignored folder the setup scripts cache the Temporal binaries in. */
  tools: string;
}

const installRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The install paths under `root` (the checkout this file is in, unless told otherwise). */
export function installPaths(root: string = installRoot): InstallPaths {
  return {
    root,
    editorDist: join(root, 'editor', 'dist'),
    starters: join(root, 'templates', 'journeys'),
    workflows: join(root, 'workflows', 'src', 'index.ts'),
    tools: join(root, '.tools'),
  };
}

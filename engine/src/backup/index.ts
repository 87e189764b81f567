// Moving an instance: every table exported to portable JSON-lines files with a manifest, and imported into another database.
export { exportDatabase } from './export.ts';
export { importDatabase, ImportRefused, readManifest, schemaMismatch } from './import.ts';
export { Manifest, MANIFEST_FILE } from './manifest.ts';

// Where Boomerang's own files are (editor build, starter library, workflow code, cached binaries).
export { installPaths, type InstallPaths } from './paths.ts';

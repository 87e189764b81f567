// Plugins: modules listed in BOOMERANG_PLUGINS or boomerang.config.ts that export node definitions.
export { BoomerangConfigFile, loadPlugins, pluginSpecs, PluginError } from './load.ts';
export { definitionProblem } from './check.ts';

import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { explainNotPlugin, type Plugin } from './plugin.js';

/**
 * Imports a plugin module and returns its default export, which must be a {@link Plugin}
 * (e.g. `export default definePlugin({...})`). A relative path resolves against `baseDir`
 * (default: the working directory); a bare name (`my-neuroloop-plugin`) is imported as a
 * package. Throws a `ConfigError` naming the path and the cause when the module cannot be
 * loaded or its default export is not a plugin.
 *
 * @example
 * ```ts
 * const plugin = await loadPluginModule('./plugins/corridor.ts', { baseDir: dirname(configPath) });
 * const container = createContainer({ seed: 0, plugins: [builtinEnvsPlugin, plugin] });
 * ```
 */
export async function loadPluginModule(path: string, options: { readonly baseDir?: string } = {}): Promise<Plugin> {
  if (typeof path !== 'string' || path.length === 0) throw new ConfigError(`loadPluginModule: expected a module path, got ${JSON.stringify(path)}`);
  const isPath = path.startsWith('.') || isAbsolute(path);
  const specifier = isPath ? pathToFileURL(resolve(options.baseDir ?? process.cwd(), path)).href : path;
  let loaded: { default?: unknown };
  try {
    loaded = (await import(specifier)) as { default?: unknown };
  } catch (cause) {
    // `plugins/x.js` is a package name to Node; say so when a file by that path exists.
    const hint = !isPath && existsSync(resolve(options.baseDir ?? process.cwd(), path)) ? ` Did you mean './${path}'? (a path without ./ is a package name)` : '';
    const error = new ConfigError(`Could not load plugin module '${path}' (${specifier}): ${cause instanceof Error ? cause.message : String(cause)}.${hint}`);
    error.cause = cause;
    throw error;
  }
  if (!('default' in loaded) || loaded.default === undefined) {
    throw new ConfigError(`Plugin module '${path}' has no default export; it must \`export default definePlugin({ name, ... })\` (or a { name, module } object)`);
  }
  const why = explainNotPlugin(loaded.default);
  if (why !== null) throw new ConfigError(`Plugin module '${path}': its default export is not a plugin: ${why}`);
  return loaded.default as Plugin;
}

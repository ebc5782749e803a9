import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import { isPlugin, type Plugin } from '../di/plugin.js';

/**
 * The modules of the plugins every experiment loads unless told otherwise: the built-in envs,
 * the built-in agents and the sinks. `src/` never imports `envs/`, `agents/` or `plugins/`
 * statically (they depend on it, not the other way round); the experiment imports them at run
 * time by path, relative to this file, which works alike from `src/` under tsx and from
 * `dist/src/` once built.
 */
export const BUILTIN_PLUGIN_MODULES: readonly string[] = ['../../envs/plugin.js', '../../agents/index.js', '../../plugins/index.js'];

/**
 * Imports the built-in plugins ({@link BUILTIN_PLUGIN_MODULES}). Each module's default export
 * is used when it is a plugin, else its first named export that is one.
 *
 * @example
 * ```ts
 * const container = createContainer({ seed: 0, plugins: await loadBuiltinPlugins() });
 * ```
 */
export async function loadBuiltinPlugins(): Promise<Plugin[]> {
  const plugins: Plugin[] = [];
  for (const relative of BUILTIN_PLUGIN_MODULES) {
    const url = new URL(relative, import.meta.url);
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(url.href)) as Record<string, unknown>;
    } catch (cause) {
      const error = new ConfigError(`Could not load the built-in plugin module ${fileURLToPath(url)}: ${cause instanceof Error ? cause.message : String(cause)}`);
      error.cause = cause;
      throw error;
    }
    const plugin = isPlugin(loaded['default']) ? loaded['default'] : Object.values(loaded).find(isPlugin);
    if (plugin === undefined) throw new ConfigError(`The built-in plugin module ${fileURLToPath(url)} exports no plugin`);
    plugins.push(plugin);
  }
  return plugins;
}

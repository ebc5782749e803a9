import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPluginModule } from '../../../src/di/load-plugin-module.js';
import { ConfigError } from '../../../src/errors.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('loadPluginModule', () => {
  it('returns the default-exported plugin of a module path, relative to baseDir', async () => {
    const plugin = await loadPluginModule('./fixtures/corridor-plugin.ts', { baseDir: here });
    expect(plugin.name).toBe('test/line');
    expect(typeof plugin.module.load).toBe('function');
  });

  it('names the path and the cause when the module cannot be loaded', async () => {
    await expect(loadPluginModule('./fixtures/missing.ts', { baseDir: here })).rejects.toThrow(/Could not load plugin module '\.\/fixtures\/missing\.ts'/);
    const error = await loadPluginModule('./fixtures/throws-on-load.ts', { baseDir: here }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/throws-on-load\.ts.*plugin exploded while loading/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('explains a default export of the wrong shape, or a missing one', async () => {
    await expect(loadPluginModule('./fixtures/not-a-plugin.ts', { baseDir: here })).rejects.toThrow(
      /Plugin module '\.\/fixtures\/not-a-plugin\.ts': its default export is not a plugin: plugin 'broken': expected 'module' to be an inversify ContainerModule/,
    );
    await expect(loadPluginModule('./fixtures/no-default.ts', { baseDir: here })).rejects.toThrow(/has no default export/);
  });
});

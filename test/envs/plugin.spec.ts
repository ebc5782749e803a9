import { describe, expect, it } from 'vitest';
import { BUILTIN_ENV_IDS } from '../../envs/index.js';
import builtinEnvsPluginDefault, { builtinEnvsPlugin } from '../../envs/plugin.js';
import { createContainer } from '../../src/di/create-container.js';
import { EnvRegistry } from '../../src/di/tokens.js';

describe('builtinEnvsPlugin', () => {
  it('registers every built-in env id into the container registry', () => {
    expect(builtinEnvsPluginDefault).toBe(builtinEnvsPlugin);
    const registry = createContainer({ seed: 0, plugins: [builtinEnvsPlugin] }).get<EnvRegistry>(EnvRegistry);
    expect(registry.list().map((s) => s.id).sort()).toEqual([...BUILTIN_ENV_IDS].sort());
    expect(createContainer({ seed: 0 }).get<EnvRegistry>(EnvRegistry).list()).toEqual([]);
  });
});

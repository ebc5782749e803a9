import { describe, expect, it } from 'vitest';
import builtinAgentsPluginDefault, { builtinAgentsPlugin } from '../../agents/index.js';
import { createContainer } from '../../src/di/create-container.js';
import { loadPluginModule } from '../../src/di/load-plugin-module.js';
import { AgentRegistry } from '../../src/di/tokens.js';

describe('builtinAgentsPlugin', () => {
  it('registers the built-in agents with their descriptions and defaults', () => {
    expect(builtinAgentsPluginDefault).toBe(builtinAgentsPlugin);
    const registry = createContainer({ seed: 0, plugins: [builtinAgentsPlugin] }).get<AgentRegistry>(AgentRegistry);
    const entries = registry.list();
    expect(entries.map((e) => e.id)).toEqual(['a2c', 'char-rnn', 'classifier', 'dqn', 'gan', 'ppo', 'q-learning', 'random', 'reinforce', 'vae']);
    for (const entry of entries) {
      expect(entry.description).toMatch(/\w/);
      expect(entry.defaults).toBeDefined();
    }
  });

  it('loads as a plugin module', async () => {
    const plugin = await loadPluginModule('./agents/index.ts');
    expect(plugin.name).toBe('neuroloop/agents');
    // A bare name is a package; the error points at the file that exists.
    await expect(loadPluginModule('agents/index.ts')).rejects.toThrow(/Did you mean '\.\/agents\/index\.ts'\?/);
  });
});

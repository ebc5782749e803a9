import { Argument, type Command } from 'commander';
import type { AgentRegistry as AgentRegistryClass } from '../../agent/agent-registry.js';
import { BackendContribution } from '../../di/contributions.js';
import type { DataRegistry as DataRegistryClass } from '../../di/data-registry.js';
import type { SinkRegistry as SinkRegistryClass } from '../../di/sink-registry.js';
import { AgentRegistry, DataRegistry, EnvRegistry, SinkRegistry } from '../../di/tokens.js';
import type { EnvRegistry as EnvRegistryClass } from '../../env/registry.js';
import { buildContainer } from '../../experiment/build-experiment.js';
import { resolvePluginPath } from '../../experiment/config.js';
import { BACKEND_NAMES, backendAvailability } from '../../kernels/create-backend.js';
import { table } from '../cli-format.js';
import type { CliIo } from '../cli-io.js';
import { collect } from '../cli-options.js';

const KINDS = ['envs', 'agents', 'data', 'sinks', 'backends'] as const;
type Kind = (typeof KINDS)[number];

/** `neuroloop list envs|agents|data|sinks|backends`. */
export function registerListCommand(program: Command, io: CliIo): void {
  program
    .command('list')
    .description('list the registered envs, agents, data sources, sinks or kernel backends')
    .addArgument(new Argument('<what>', 'what to list').choices(KINDS))
    .option('--plugin <path>', 'also load this plugin module (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
Examples:
  $ neuroloop list envs
  $ neuroloop list agents --plugin ./my-agents.ts`,
    )
    .action(async (what: Kind, options: { plugin: string[] }) => {
      const container = await buildContainer({ seed: 0, backend: 'js', plugins: options.plugin.map((p) => resolvePluginPath(p, io.cwd)) });
      let rows: string[][];
      switch (what) {
        case 'envs':
          rows = [['id', 'max steps', 'solved at', 'description']];
          for (const spec of container.get<EnvRegistryClass>(EnvRegistry).list()) {
            rows.push([spec.id, spec.maxEpisodeSteps === null ? '-' : String(spec.maxEpisodeSteps), spec.rewardThreshold === null ? '-' : String(spec.rewardThreshold), spec.description]);
          }
          break;
        case 'agents':
          rows = [['id', 'description'], ...container.get<AgentRegistryClass>(AgentRegistry).list().map((a) => [a.id, a.description ?? ''])];
          break;
        case 'data':
          rows = [['id', 'description'], ...container.get<DataRegistryClass>(DataRegistry).list().map((d) => [d.id, d.description ?? ''])];
          break;
        case 'sinks':
          rows = [['id', 'description'], ...container.get<SinkRegistryClass>(SinkRegistry).list().map((s) => [s.id, s.description ?? ''])];
          break;
        case 'backends': {
          rows = [['name', 'available', 'note']];
          for (const name of BACKEND_NAMES) {
            const { available, reason } = backendAvailability(name);
            rows.push([name, available ? 'yes' : 'no', available ? '' : reason.split('. ')[0]!]);
          }
          for (const b of container.getAll<BackendContribution>(BackendContribution, { optional: true })) rows.push([b.name, 'yes', b.description ?? 'from a plugin']);
          break;
        }
      }
      io.stdout.write(rows.length === 1 ? `no ${what} registered\n` : `${table(rows)}\n`);
    });
}

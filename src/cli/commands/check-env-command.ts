import type { Command } from 'commander';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnvContribution } from '../../di/contributions.js';
import { createContainer } from '../../di/create-container.js';
import { isPlugin } from '../../di/plugin.js';
import { EnvRegistry } from '../../di/tokens.js';
import { checkEnv, type CheckEnvReport } from '../../env/check-env.js';
import { Env } from '../../env/env.js';
import type { EnvRegistry as EnvRegistryClass } from '../../env/registry.js';
import { ConfigError } from '../../errors.js';
import type { CliIo } from '../cli-io.js';
import { nonNegativeInt, positiveInt } from '../cli-options.js';

/** Something `check-env` can build envs from. */
type EnvSource = { readonly name: string; readonly make: () => Env<unknown, unknown> };

/** `neuroloop check-env <module-path> [--export name]`. */
export function registerCheckEnvCommand(program: Command, io: CliIo): void {
  program
    .command('check-env')
    .description("import a module and check that its env follows the Env contract (Gymnasium's check_env)")
    .argument('<module>', 'module path (.ts or .js) exporting an Env subclass, an env factory, an env instance, or a plugin')
    .option('--export <name>', 'the export to check (default: the default export, else the only env-like export)')
    .option('--kwargs <json>', 'JSON object passed to the env constructor / factory', '{}')
    .option('--seed <n>', 'seed of the rollouts', nonNegativeInt, 0)
    .option('--steps <n>', 'steps per rollout', positiveInt, 100)
    .addHelpText(
      'after',
      `
A plugin export is checked env by env (every env it registers).

Examples:
  $ neuroloop check-env ./my-env.ts --export CorridorEnv
  $ neuroloop check-env ./my-plugin.ts`,
    )
    .action(async (modulePath: string, options: { export?: string; kwargs: string; seed: number; steps: number }) => {
      let kwargs: unknown;
      try {
        kwargs = JSON.parse(options.kwargs);
      } catch (error) {
        throw new ConfigError(`--kwargs: not valid JSON (${(error as Error).message})`);
      }
      const file = resolve(io.cwd, modulePath);
      let loaded: Record<string, unknown>;
      try {
        loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      } catch (error) {
        throw new ConfigError(`Cannot import ${modulePath}: ${(error as Error).message}`);
      }
      const sources = envSources(loaded, options.export, kwargs, modulePath);
      for (const source of sources) {
        const report: CheckEnvReport = checkEnv(source.make(), { seed: options.seed, steps: options.steps });
        io.stdout.write(`${source.name}: ok (${report.passed.length} rules passed: ${report.passed.join(', ')})\n`);
        for (const warning of report.warnings) io.stdout.write(`  warning: ${warning}\n`);
      }
    });
}

function envSources(loaded: Record<string, unknown>, exportName: string | undefined, kwargs: unknown, modulePath: string): EnvSource[] {
  if (exportName !== undefined) {
    if (!(exportName in loaded)) throw new ConfigError(`${modulePath} has no export '${exportName}'; its exports: ${Object.keys(loaded).join(', ') || 'none'}`);
    return fromValue(exportName, loaded[exportName], kwargs, modulePath);
  }
  if (loaded['default'] !== undefined && isEnvLike(loaded['default'])) return fromValue('default', loaded['default'], kwargs, modulePath);
  const candidates = Object.entries(loaded).filter(([name, value]) => name !== 'default' && isEnvLike(value));
  if (candidates.length !== 1) {
    throw new ConfigError(
      candidates.length === 0
        ? `${modulePath} exports no env class, factory, instance or plugin; exports: ${Object.keys(loaded).join(', ') || 'none'}`
        : `${modulePath} exports several env-like values (${candidates.map(([n]) => n).join(', ')}): choose one with --export`,
    );
  }
  return fromValue(candidates[0]![0], candidates[0]![1], kwargs, modulePath);
}

function isEnvLike(value: unknown): boolean {
  if (value instanceof Env || isPlugin(value)) return true;
  return typeof value === 'function' && (value.prototype instanceof Env || /env/i.test(value.name));
}

function fromValue(name: string, value: unknown, kwargs: unknown, modulePath: string): EnvSource[] {
  if (value instanceof Env) return [{ name, make: () => value }];
  if (isPlugin(value)) {
    const container = createContainer({ seed: 0, plugins: [value] });
    if (container.getAll<EnvContribution>(EnvContribution, { optional: true }).length === 0) throw new ConfigError(`${modulePath}: plugin '${value.name}' registers no envs`);
    const registry = container.get<EnvRegistryClass>(EnvRegistry);
    return registry.list().map((spec) => ({ name: spec.id, make: () => registry.make(spec.id) }));
  }
  if (typeof value === 'function') {
    const make = value.prototype instanceof Env ? () => new (value as new (kw: unknown) => Env<unknown, unknown>)(kwargs) : () => (value as (kw: unknown) => unknown)(kwargs);
    return [
      {
        name,
        make: () => {
          const env = make();
          if (!(env instanceof Env)) throw new ConfigError(`${modulePath}: ${name}(kwargs) returned ${String(env)}, not an Env`);
          return env;
        },
      },
    ];
  }
  throw new ConfigError(`${modulePath}: export '${name}' is ${typeof value}, not an Env subclass, factory, instance or plugin`);
}

import type { EnvRegistry } from '../src/env/registry.js';
import { AcrobotEnv, type AcrobotKwargs } from './classic-control/acrobot.js';
import { CartPoleEnv } from './classic-control/cart-pole.js';
import { MountainCarEnv } from './classic-control/mountain-car.js';
import { PendulumEnv } from './classic-control/pendulum.js';
import { CorridorEnv } from './toy/corridor.js';
import { DEFAULT_GRID_MAP, GridWorldEnv } from './toy/grid-world.js';

export * from './classic-control/acrobot.js';
export * from './classic-control/cart-pole.js';
export * from './classic-control/mountain-car.js';
export * from './classic-control/pendulum.js';
export * from './toy/corridor.js';
export * from './toy/grid-world.js';

/** The ids `registerBuiltinEnvs` registers. */
export const BUILTIN_ENV_IDS = Object.freeze([
  'CartPole-v1',
  'MountainCar-v0',
  'Acrobot-v1',
  'Pendulum-v1',
  'toy/GridWorld-v0',
  'toy/Corridor-v0',
] as const);

/**
 * Registers the built-in envs (Gymnasium's ids, time limits and reward thresholds for classic
 * control; `toy/` for the small example envs) into `registry`.
 *
 * @example
 * ```ts
 * const registry = new EnvRegistry();
 * registerBuiltinEnvs(registry);
 * const env = registry.make('CartPole-v1', { length: 0.75 });
 * ```
 */
export function registerBuiltinEnvs(registry: EnvRegistry): void {
  registry.register({
    id: 'CartPole-v1',
    create: (kw) => new CartPoleEnv(kw),
    maxEpisodeSteps: 500,
    rewardThreshold: 475,
    kwargs: { suttonBartoReward: false, length: 0.5, masspole: 0.1, masscart: 1.0, forceMag: 10.0 },
    description: 'Balance a pole on a cart (Barto, Sutton & Anderson 1983); 2 actions, 4-d observation.',
  });
  registry.register({
    id: 'MountainCar-v0',
    create: (kw) => new MountainCarEnv(kw),
    maxEpisodeSteps: 200,
    rewardThreshold: -110,
    kwargs: { goalVelocity: 0 },
    description: 'Drive an underpowered car up a hill by rocking it (Moore 1990); 3 actions, 2-d observation.',
  });
  registry.register<AcrobotKwargs>({
    id: 'Acrobot-v1',
    create: (kw) => new AcrobotEnv(kw),
    maxEpisodeSteps: 500,
    rewardThreshold: -100,
    kwargs: { bookOrNips: 'book', torqueNoiseMax: 0 },
    description: 'Swing up a two-link underactuated robot (Sutton 1996); 3 actions, 6-d observation.',
  });
  registry.register({
    id: 'Pendulum-v1',
    create: (kw) => new PendulumEnv(kw),
    maxEpisodeSteps: 200,
    kwargs: { g: 10.0 },
    description: 'Swing up and balance a pendulum with bounded torque; continuous 1-d action, 3-d observation.',
  });
  registry.register({
    id: 'toy/GridWorld-v0',
    create: (kw) => new GridWorldEnv(kw),
    maxEpisodeSteps: 100,
    rewardThreshold: 0.7,
    kwargs: { map: [...DEFAULT_GRID_MAP], slippery: false },
    description: 'FrozenLake-style grid: reach G, avoid holes; 4 actions, discrete observation.',
  });
  registry.register({
    id: 'toy/Corridor-v0',
    create: (kw) => new CorridorEnv(kw),
    maxEpisodeSteps: 100,
    rewardThreshold: 0.9,
    kwargs: { length: 8, stepReward: -0.01, randomStart: false },
    description: 'Walk right along a 1-D corridor to the goal; 2 actions, 1-d Box observation.',
  });
}

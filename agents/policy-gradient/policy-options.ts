import { ConfigError } from '../../src/errors.js';

/** Hidden-layer activations the policy networks accept. */
export type PolicyActivation = 'tanh' | 'relu';

/**
 * The network options every policy-gradient agent shares (SB3's `policy_kwargs`, camelCased).
 * Defaults are SB3's `MlpPolicy`: two hidden layers of 64 tanh units for the actor and, separately,
 * for the critic, orthogonal initialization, and log-std 0 (sigma = 1) for continuous actions.
 */
export interface PolicyNetOptions {
  /** Hidden layer widths of the actor and of the critic (each gets its own layers). Default [64, 64]. */
  readonly netArch: readonly number[];
  /** Hidden-layer activation. Default 'tanh'. */
  readonly activation: PolicyActivation;
  /**
   * Orthogonal initialization (SB3 `ortho_init`): hidden layers with gain sqrt(2), the policy
   * head with gain 0.01 (near-uniform first policy), the value head with gain 1; zero biases.
   * Otherwise Glorot uniform. Default true.
   */
  readonly orthoInit: boolean;
  /**
   * One hidden trunk shared by the actor and the critic (two heads on the same features, as in
   * Mnih et al. 2016) instead of two separate networks. Default false.
   */
  readonly shareFeatures: boolean;
  /** Initial log standard deviation of Gaussian (Box) policies. Default 0. */
  readonly logStdInit: number;
}

/** The defaults of {@link PolicyNetOptions}. */
export const POLICY_NET_DEFAULTS: PolicyNetOptions = Object.freeze({
  netArch: Object.freeze([64, 64]),
  activation: 'tanh',
  orthoInit: true,
  shareFeatures: false,
  logStdInit: 0,
});

/**
 * Throws a `ConfigError` naming `where` unless `options` are valid network options.
 *
 * @example
 * ```ts
 * checkPolicyNetOptions('ppo', { ...POLICY_NET_DEFAULTS, netArch: [64, 0] });   // throws: netArch[1] ...
 * ```
 */
export function checkPolicyNetOptions(where: string, options: PolicyNetOptions): void {
  if (!Array.isArray(options.netArch)) throw new ConfigError(`${where}: netArch must be an array of hidden layer widths, got ${JSON.stringify(options.netArch)}`);
  options.netArch.forEach((units, i) => {
    if (!Number.isSafeInteger(units) || units <= 0) throw new ConfigError(`${where}: netArch[${i}] must be a positive integer, got ${JSON.stringify(units)}`);
  });
  if (options.activation !== 'tanh' && options.activation !== 'relu') {
    throw new ConfigError(`${where}: activation must be 'tanh' or 'relu', got ${JSON.stringify(options.activation)}`);
  }
  if (options.shareFeatures && options.netArch.length === 0) throw new ConfigError(`${where}: shareFeatures needs at least one hidden layer in netArch`);
  if (!Number.isFinite(options.logStdInit)) throw new ConfigError(`${where}: logStdInit must be a finite number, got ${options.logStdInit}`);
}

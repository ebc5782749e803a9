import type { Bind, ResolutionContext, ServiceIdentifier } from 'inversify';

/**
 * The service token of {@link ContributionProvider}; bound once per contribution kind, named
 * with that kind's token (Eclipse Theia's pattern).
 *
 * @example
 * ```ts
 * constructor(@inject(ContributionProvider) @named(EnvContribution) private readonly envs: ContributionProvider<EnvContribution>) {}
 * ```
 */
export const ContributionProvider = Symbol('ContributionProvider');

/** Every contribution of one kind bound in the container; `[]` when none are. */
export interface ContributionProvider<T> {
  getContributions(): T[];
}

/**
 * Binds the `ContributionProvider` for contributions bound under `id` (in any module loaded
 * before or after). Each `getContributions()` call resolves them anew, in binding order.
 *
 * @example
 * ```ts
 * new ContainerModule(({ bind }) => bindContributionProvider(bind, EnvContribution));
 * container.get<ContributionProvider<EnvContribution>>(ContributionProvider, { name: EnvContribution }).getContributions();
 * ```
 */
export function bindContributionProvider(bind: Bind, id: symbol): void {
  bind<ContributionProvider<unknown>>(ContributionProvider)
    .toDynamicValue((context) => new ContainerContributionProvider(context, id))
    .inSingletonScope()
    .whenNamed(id);
}

class ContainerContributionProvider<T> implements ContributionProvider<T> {
  constructor(
    private readonly context: ResolutionContext,
    private readonly id: ServiceIdentifier<T>,
  ) {}

  getContributions(): T[] {
    // `optional` keeps this [] when nothing is bound, whatever inversify's default for getAll.
    return this.context.getAll<T>(this.id, { optional: true });
  }
}

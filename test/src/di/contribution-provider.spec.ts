import { Container, ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { bindContributionProvider, ContributionProvider } from '../../../src/di/contribution-provider.js';
import { createContainer } from '../../../src/di/create-container.js';
import { EnvContribution, SinkContribution, TransferHook } from '../../../src/di/contributions.js';

const Greeting = Symbol('Greeting');

describe('ContributionProvider', () => {
  it('yields [] when nothing is bound', () => {
    const container = new Container();
    container.load(new ContainerModule(({ bind }) => bindContributionProvider(bind, Greeting)));
    expect(container.get<ContributionProvider<string>>(ContributionProvider, { name: Greeting }).getContributions()).toEqual([]);
    // The core module's providers too, with no plugins loaded.
    const core = createContainer({ seed: 0 });
    for (const kind of [EnvContribution, SinkContribution, TransferHook]) {
      expect(core.get<ContributionProvider<unknown>>(ContributionProvider, { name: kind }).getContributions()).toEqual([]);
    }
  });

  it('collects every binding of its kind in binding order, including modules loaded later', () => {
    const container = new Container();
    container.load(new ContainerModule(({ bind }) => {
      bindContributionProvider(bind, Greeting);
      bind(Greeting).toConstantValue('hello');
    }));
    const provider = container.get<ContributionProvider<string>>(ContributionProvider, { name: Greeting });
    expect(provider.getContributions()).toEqual(['hello']);
    container.load(new ContainerModule(({ bind }) => {
      bind(Greeting).toConstantValue('world');
    }));
    expect(provider.getContributions()).toEqual(['hello', 'world']);
  });
});

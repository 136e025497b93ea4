import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `gsvOps.promotion`: the environments in promotion order, the cluster each runs on, and how the change is written. */
export interface PromotionConfig {
  mode: 'commit' | 'pull-request';
  environments: Array<{ name: string; cluster: string }>;
  author: { name: string; email: string };
  /** pull-request mode: how long a pull request may wait for its merge, and how often the host is asked. */
  pullRequest: { timeoutSeconds: number; pollIntervalSeconds: number };
}

export function readPromotionConfig(config: Config): PromotionConfig {
  const promotion = config.getOptionalConfig('gsvOps.promotion');
  const mode = promotion?.getOptionalString('mode') ?? 'commit';
  if (mode !== 'commit' && mode !== 'pull-request') throw new Error(`gsvOps.promotion.mode must be commit or pull-request, not '${mode}'`);
  const environments = (promotion?.getOptionalConfigArray('environments') ?? []).map(env => ({ name: env.getString('name'), cluster: env.getString('cluster') }));
  const names = environments.map(env => env.name);
  if (new Set(names).size !== names.length) throw new Error(`gsvOps.promotion.environments names an environment twice: ${names.join(', ')}`);
  return {
    mode,
    environments,
    author: {
      name: promotion?.getOptionalString('author.name') ?? 'GSV Ops',
      email: promotion?.getOptionalString('author.email') ?? 'gsv-ops@backstage.invalid',
    },
    pullRequest: {
      timeoutSeconds: (promotion?.getOptionalNumber('pullRequest.timeoutMinutes') ?? 60) * 60,
      pollIntervalSeconds: promotion?.getOptionalNumber('pullRequest.pollIntervalSeconds') ?? 10,
    },
  };
}

/** The two environments of a promotion; InputError unless `to` comes right after `from`. */
export function promotionStep(config: Pick<PromotionConfig, 'environments'>, from: string, to: string): { from: { name: string; cluster: string }; to: { name: string; cluster: string } } {
  const order = config.environments.map(env => env.name);
  if (order.length === 0) throw new InputError('Image promotion is not configured: set gsvOps.promotion.environments (e.g. dev, qa, prod with their clusters)');
  const index = order.indexOf(from);
  if (index < 0) throw new InputError(`Unknown environment '${from}'; the promotion order is ${order.join(' → ')}`);
  if (order[index + 1] !== to) {
    const next = order[index + 1];
    throw new InputError(`${from} promotes to ${next ?? 'nothing (it is the last environment)'}, not to ${to}; the promotion order is ${order.join(' → ')}`);
  }
  return { from: config.environments[index], to: config.environments[index + 1] };
}

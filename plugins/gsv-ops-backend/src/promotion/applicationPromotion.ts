import type { ApplicationPromotion } from '@gsv/plugin-gsv-ops-common';
import type { PromotionConfig } from './promotionConfig';

/**
 * An application's place in the promotion order: its source path is `…/overlays/<environment>`, that environment runs
 * on the application's cluster and comes after another one. Undefined otherwise (the first environment, or not an
 * overlay of a configured environment).
 */
export function applicationPromotion(
  environments: PromotionConfig['environments'],
  cluster: string,
  path: string | undefined,
): ApplicationPromotion | undefined {
  const environment = /(?:^|\/)overlays\/([^/]+)\/?$/.exec(path ?? '')?.[1];
  const index = environments.findIndex(
    env => env.name === environment && env.cluster === cluster,
  );
  return index > 0
    ? {
        fromEnvironment: environments[index - 1].name,
        toEnvironment: environments[index].name,
      }
    : undefined;
}

import type { PromotionConfig } from '../promotionConfig';

/** dev → qa on gsv-dev, polling a pull request every 50 ms: the promotion of the runbook tests. */
export function devToQaPromotion(
  mode: PromotionConfig['mode'],
): PromotionConfig {
  return {
    mode,
    environments: [
      { name: 'dev', cluster: 'gsv-dev' },
      { name: 'qa', cluster: 'gsv-dev' },
    ],
    author: { name: 'GSV Ops', email: 'gsv-ops@gsv.example' },
    pullRequest: { timeoutSeconds: 30, pollIntervalSeconds: 0.05 },
  };
}

/** image-promote of agent-registry from dev to qa (its Application argocd/agent-registry-qa). */
export const QA_PROMOTION_PARAMS = {
  namespace: 'argocd',
  application: 'agent-registry-qa',
  fromEnvironment: 'dev',
  toEnvironment: 'qa',
};

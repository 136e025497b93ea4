import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkServiceHealth,
  type ClusterAlerts,
  type EntityOpsView,
} from '@gsv/plugin-gsv-ops-common';
import {
  canonicalEntityRef,
  checkInputs,
  initiatorToken,
  runCheck,
  type CheckActionOptions,
} from '../lib/checkActions';
import { engineMessage, translateStartError } from '../lib/engineErrors';
import { examples } from './checkServiceHealth.examples';

const ID = 'gsv:service:check-health';

/** The firing alerts of the service in each cluster of its view; a cluster whose alerts cannot be read says why. */
async function alertsOf(
  options: CheckActionOptions,
  view: EntityOpsView,
  token: string,
): Promise<ClusterAlerts[]> {
  return Promise.all(
    view.clusters.map(async ({ cluster }) => {
      try {
        const metrics = await options.client.getEntityMetrics(view.entityRef, {
          cluster: cluster.name,
          token,
        });
        const failed = metrics.errors.find(e => e.source === 'alertmanager');
        return {
          cluster: cluster.name,
          alerts: metrics.alerts,
          ...(failed ? { error: failed.message } : {}),
        };
      } catch (error) {
        return {
          cluster: cluster.name,
          alerts: [],
          error: engineMessage(error),
        };
      }
    }),
  );
}

/**
 * Creates `gsv:service:check-health`: a read-only check of a service for chained runbook templates (restore → verify
 * → notify). It reads the service's Ops view and firing alerts from the gsv-ops backend with the initiator's
 * credentials (`gsv-ops.entity.read`): every workload ready, no stalled rollout, every certificate valid, no critical
 * alert firing. With `failWhenUnhealthy` (default) the step fails when the service is not healthy.
 *
 * @public
 */
export function createCheckServiceHealthAction(options: CheckActionOptions) {
  return createTemplateAction({
    id: ID,
    description:
      'Checks a service read-only (ops guide 5.3, "verify recovery"): its workloads have their pods ready, no rollout ' +
      'is stalled, its certificates are valid and no critical alert fires, in every cluster (or one). Reads through ' +
      'the gsv-ops backend as the person who started the task (gsv-ops.entity.read). Fails the step when the service ' +
      'is unhealthy unless failWhenUnhealthy is false.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: checkInputs.entityRef,
        cluster: checkInputs.cluster,
        failWhenUnhealthy: checkInputs.failWhenUnhealthy,
      },
      output: {
        healthy: z => z.boolean().describe('No critical finding'),
        findings: z =>
          z
            .array(z.record(z.any()))
            .describe(
              'What the check found, critical first: { level, code, reason, cluster, object }',
            ),
        summary: z => z.string().describe('One sentence on the result'),
      },
    },
    async handler(ctx) {
      await runCheck(ctx, options, ID, async () => {
        const entityRef = canonicalEntityRef(ID, ctx.input.entityRef);
        const token = await initiatorToken(options.auth, ctx);
        const what = `Reading the Ops view of ${entityRef}`;
        const view = await options.client
          .getEntityView(entityRef, { cluster: ctx.input.cluster, token })
          .catch(error => {
            throw translateStartError(error, what);
          });
        if (!view) throw new Error(`${what}: the backend sent no view`);
        const result = checkServiceHealth(
          view,
          await alertsOf(options, view, token),
        );
        for (const finding of result.findings) {
          const where = finding.cluster ? ` [${finding.cluster}]` : '';
          ctx.logger[finding.level === 'critical' ? 'error' : 'warn'](
            `${finding.level}${where}: ${finding.reason}`,
          );
        }
        ctx.output('healthy', result.healthy);
        ctx.output('findings', result.findings as any);
        ctx.output('summary', result.summary);
        return { passed: result.healthy, summary: result.summary };
      });
    },
  });
}

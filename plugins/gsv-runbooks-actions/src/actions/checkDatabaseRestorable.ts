import { NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  checkDatabaseRestorable,
  restoreMinutesAgoInput,
  restoreTargetTime,
  selectDrLine,
} from '@gsv/plugin-gsv-ops-common';
import {
  canonicalEntityRef,
  checkInputs,
  initiatorToken,
  runCheck,
  type CheckActionOptions,
} from '../lib/checkActions';
import { translateStartError } from '../lib/engineErrors';
import { examples } from './checkDatabaseRestorable.examples';

const ID = 'gsv:database:check-restorable';

/**
 * Creates `gsv:database:check-restorable`: a read-only check, from the gsv-ops backend's DR readiness data (read with
 * the initiator's credentials, `gsv-ops.entity.read`), whether a CloudNativePG database of the entity can be restored
 * to a point in time (default: 5 minutes ago). With `failWhenUnhealthy` (default) the step fails when it cannot.
 *
 * @public
 */
export function createCheckDatabaseRestorableAction(
  options: CheckActionOptions,
) {
  return createTemplateAction({
    id: ID,
    description:
      'Checks read-only whether a CloudNativePG database of the entity can be restored to a point in time (ops guide ' +
      '5.2/5.3): its recoverability window must cover that time. Reads the DR readiness data through the gsv-ops ' +
      'backend as the person who started the task (gsv-ops.entity.read). Fails the step when the database cannot be ' +
      'restored unless failWhenUnhealthy is false.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: checkInputs.entityRef,
        cluster: checkInputs.cluster,
        namespace: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The database’s namespace (needed when the entity has several databases)',
            ),
        database: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'The CloudNativePG cluster’s name (needed when the entity has several databases)',
            ),
        targetTime: z =>
          z
            .string()
            .optional()
            .describe(
              'The point in time to restore to, ISO 8601 with a zone (default: minutesAgo before now)',
            ),
        minutesAgo: restoreMinutesAgoInput,
        failWhenUnhealthy: checkInputs.failWhenUnhealthy,
      },
      output: {
        restorable: z =>
          z
            .boolean()
            .describe('Whether the recoverability window covers targetTime'),
        targetTime: z =>
          z.string().describe('The point checked (ISO 8601, UTC)'),
        window: z =>
          z
            .object({
              from: z.string().describe('The first recoverability point'),
              to: z
                .string()
                .describe('The last archived WAL (or the last backup)'),
            })
            .optional()
            .describe(
              'The recoverability window, when anything is recoverable',
            ),
        blockers: z =>
          z
            .array(z.record(z.any()))
            .describe(
              'Why a restore to targetTime is impossible: { id, level, message, hint, runbook }',
            ),
        database: z =>
          z
            .object({
              cluster: z.string().describe('The Kubernetes cluster'),
              namespace: z.string().describe('The namespace'),
              name: z.string().describe('The CloudNativePG cluster'),
            })
            .describe('The database checked'),
        summary: z => z.string().describe('One sentence on the result'),
      },
    },
    async handler(ctx) {
      await runCheck(ctx, options, ID, async () => {
        const entityRef = canonicalEntityRef(ID, ctx.input.entityRef);
        const targetTime = restoreTargetTime(ctx.input, Date.now());
        const token = await initiatorToken(options.auth, ctx);
        const view = await options.client
          .getEntityDrReadiness(entityRef, {
            cluster: ctx.input.cluster,
            token,
          })
          .catch(error => {
            throw translateStartError(
              error,
              `Reading the DR readiness of ${entityRef}`,
            );
          });
        const line = selectDrLine(view, {
          cluster: ctx.input.cluster,
          namespace: ctx.input.namespace,
          name: ctx.input.database,
        });
        if ('problem' in line)
          throw new NotFoundError(`${entityRef}: ${line.problem}`);
        const result = checkDatabaseRestorable(line, targetTime);
        result.blockers.forEach(b =>
          ctx.logger.error(`${b.level}: ${b.message} — ${b.hint}`),
        );
        result.warnings.forEach(b =>
          ctx.logger.warn(`${b.level}: ${b.message} — ${b.hint}`),
        );
        ctx.output('restorable', result.restorable);
        ctx.output('targetTime', result.targetTime);
        if (result.window) ctx.output('window', result.window);
        ctx.output('blockers', result.blockers as any);
        ctx.output('database', {
          cluster: result.cluster,
          namespace: result.namespace,
          name: result.name,
        });
        ctx.output('summary', result.summary);
        return { passed: result.restorable, summary: result.summary };
      });
    },
  });
}

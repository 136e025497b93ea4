import type {
  RunbookParameters,
  ServiceDiagnosticsResult,
} from '@gsv/plugin-gsv-ops-common';
import { jobFromDeployment, jobNameOf } from '../jobs/jobManifest';
import type { JobsConfig } from '../jobs/jobsConfig';
import { runJob } from '../jobs/runJob';
import { RESOURCES } from '../kube/resources';
import {
  declaredDependencies,
  diagnosticsScript,
  parseDiagnostics,
} from './diagnosticsScript';
import type { Runbook } from './types';

type Params = RunbookParameters<'service-diagnostics'>;

/**
 * Ops guide 6.3 without `kubectl exec`: a Job from the deployment's pod template (its image, env and service account,
 * so it connects as the service does) checks the database with pg_isready and each dependency of the entity's
 * `gsv.io/dependencies` with curl. Read-only. The operation succeeds when the checks ran: failed checks are its
 * findings, named in the summary; it fails only when the Job could not report (e.g. no shell, deadline).
 */
export const serviceDiagnostics: Runbook<'service-diagnostics'> = {
  id: 'service-diagnostics',
  target: (p: Params) => ({
    kind: 'Deployment',
    namespace: p.namespace,
    name: p.deployment,
    targetKind: 'deployment',
  }),
  readOnly: () => true,

  async preflight({ params, kube, scope }) {
    await kube.get(RESOURCES.deployment, params.namespace, params.deployment);
    const dependencies = declaredDependencies(scope.entity);
    const names = dependencies.map(d => d.name).join(', ');
    return {
      notes: [
        `checks the database${
          names ? ` and ${names}` : ' (no gsv.io/dependencies declared)'
        } from deployment ${params.deployment}'s pod template`,
      ],
    };
  },

  async run(ctx) {
    const { namespace, deployment: name, container } = ctx.params;
    const where = `${namespace}/${name}`;
    const dependencies = declaredDependencies(ctx.scope.entity);
    const deployment = await ctx.step(
      'read',
      `Reading deployment ${where}`,
      async () => ctx.kube.get(RESOURCES.deployment, namespace, name),
    );
    const identity = {
      operationId: ctx.operationId,
      runbook: 'service-diagnostics',
      purpose: 'diagnose',
    };
    const configured = ctx.facts.jobs as JobsConfig;
    const settings = {
      ...configured,
      activeDeadlineSeconds: Math.min(
        ctx.params.timeoutSeconds,
        configured.activeDeadlineSeconds,
      ),
    };
    const job = jobFromDeployment(deployment, {
      ...identity,
      command: diagnosticsScript(dependencies),
      container,
      settings,
    });
    const ran = await runJob(
      ctx,
      job,
      `check the database and ${dependencies.length} dependencies`,
      { timestamps: true },
    );
    if (!ran)
      return {
        summary: `Dry run: would check the database and ${
          dependencies.length
        } dependencies of ${where} as Job ${namespace}/${jobNameOf(
          name,
          identity,
        )}`,
        result: {},
      };
    const checks = parseDiagnostics(ran.log, dependencies);
    const failed = checks.filter(c => !c.ok);
    const result: ServiceDiagnosticsResult = {
      checks,
      failed: failed.map(c => c.name),
    };
    const summary = failed.length
      ? `${failed.length} of ${
          checks.length
        } checks of ${where} failed: ${failed
          .map(c => `${c.name} (${c.message})`)
          .join('; ')}`
      : `All ${checks.length} checks of ${where} passed: ${checks
          .map(
            c =>
              `${c.name}${
                c.latencyMs !== undefined ? ` ${c.latencyMs} ms` : ''
              }`,
          )
          .join(', ')}`;
    return { summary, result: { ...result, job: ran.job } };
  },
};

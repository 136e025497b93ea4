import type {
  OperationRecord,
  OpsTarget,
  OpsTargetList,
  RunbookDefinition,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import { call, entityPath, errorText, followOperation } from './backendCalls';
import type { TargetCluster } from './kubeconfigCluster';
import { startLiveEnvironment } from './liveEnvironment';
import { formValues } from './runbookForm';
import { SAMPLE_FORMS, type SampleForm } from './sampleForms';
import type { LoadedTemplate, TemplateEntity } from './templates';

interface Problem {
  subject: string;
  problem: string;
}

type Out = (line: string) => void;
type Incident = { id: string; severity: 'P1' | 'P2' };
/** A stage of a template's live check that failed, and so the one problem the check reports for the template. */
type Failed = { problem: string };

/** The task log as text: without the colours of the console format. */
function plain(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/\u001b\[[0-9;]*m/g, '');
}

/** The sample with the target the picker endpoint really lists (preferring the sample's), as the form would. */
function liveSample(
  sample: SampleForm,
  targets: OpsTarget[],
): SampleForm | undefined {
  const chosen =
    targets.find(
      t =>
        t.name === sample.target.name &&
        (t.namespace ?? '') === (sample.target.namespace ?? ''),
    ) ?? targets[0];
  if (!chosen) return undefined;
  const parameters = { ...sample.parameters };
  // a point in time inside the recoverability window the picker reports for the database
  const window = (chosen.details?.recoveryWindow ?? chosen.details) as
    | Record<string, unknown>
    | undefined;
  if (
    'targetTime' in parameters &&
    typeof window?.firstRecoverabilityPoint === 'string'
  ) {
    const first = Date.parse(window.firstRecoverabilityPoint);
    const last =
      typeof window.lastSuccessfulBackupTime === 'string'
        ? Date.parse(window.lastSuccessfulBackupTime)
        : Date.now();
    parameters.targetTime = new Date(
      first + Math.max(0, (last - first) / 2),
    ).toISOString();
  }
  return {
    ...sample,
    target: {
      cluster: chosen.cluster,
      environment: chosen.environment,
      ...(chosen.namespace ? { namespace: chosen.namespace } : {}),
      name: chosen.name,
    },
    parameters,
  };
}

/** The runbook's sample, with a target the picker endpoint lists for its entity. */
async function pickTarget(
  baseUrl: string,
  runbook: RunbookDefinition,
  out: Out,
): Promise<{ live: SampleForm } | Failed> {
  const sample = SAMPLE_FORMS[runbook.id];
  const listed = await call<OpsTargetList>(
    baseUrl,
    'GET',
    `${entityPath(sample.entityRef)}/targets?kind=${encodeURIComponent(
      runbook.targetKind,
    )}`,
  );
  if (listed.status !== 200) {
    return {
      problem: `the picker endpoint answered ${listed.status} for ${
        sample.entityRef
      }: ${errorText(listed.body)}`,
    };
  }
  const live = liveSample(sample, listed.body.items);
  if (!live) {
    return {
      problem: `the picker lists no ${runbook.targetKind} of ${sample.entityRef} in the cluster`,
    };
  }
  out(
    `  ✓ the picker lists ${listed.body.items.length} ${runbook.targetKind} target(s) of ${sample.entityRef}; ` +
      `using ${live.target.namespace ? `${live.target.namespace}/` : ''}${
        live.target.name
      } in ${live.target.cluster}`,
  );
  return { live };
}

/** The review field's dry run (outside a maintenance window, the way a person would: with an incident). */
async function reviewDryRun(
  baseUrl: string,
  entity: TemplateEntity,
  runbook: RunbookDefinition,
  live: SampleForm,
  out: Out,
): Promise<{ review: OperationRecord; incident?: Incident } | Failed> {
  let incident: Incident | undefined;
  let prepared = formValues(runbook, entity, live, { reviewId: 'pending' });
  const startReview = async () => {
    const request: StartOperationRequest = {
      ...prepared.request,
      dryRun: true,
      origin: 'templates-check',
    };
    return call<OperationRecord>(
      baseUrl,
      'POST',
      '/api/gsv-ops/operations',
      request,
    );
  };
  let started = await startReview();
  if (
    started.status !== 201 &&
    /maintenance window|freeze|incident/i.test(errorText(started.body))
  ) {
    out(
      `  · the policy refused the dry run now (${errorText(
        started.body,
      )}); retrying with a P2 incident`,
    );
    incident = { id: 'INC-TEMPLATES-CHECK', severity: 'P2' };
    prepared = formValues(runbook, entity, live, {
      reviewId: 'pending',
      incident,
    });
    started = await startReview();
  }
  if (started.status !== 201) {
    return {
      problem: `the engine refused the review's dry run (${
        started.status
      }): ${errorText(started.body)}`,
    };
  }
  const review = await followOperation(baseUrl, started.body);
  if (review.status !== 'succeeded') {
    const failed = review.steps?.find(step => step.status === 'failed');
    return {
      problem: `the review's dry run ended ${review.status}: ${
        review.summary ?? ''
      } ${failed ? `(${failed.name}: ${failed.message})` : ''}`,
    };
  }
  const diffs = (review.steps ?? []).filter(
    step => typeof step.detail?.diff === 'string',
  ).length;
  out(
    `  ✓ the review's dry run ${review.id} succeeded: ${
      review.summary ?? ''
    } (${review.steps.length} steps, ${diffs} with a diff)`,
  );
  return { review, incident };
}

/** The scaffolder's dry run of the template, with the reviewed dry run in the values. Returns its problems. */
async function scaffolderDryRun(
  baseUrl: string,
  entity: TemplateEntity,
  runbook: RunbookDefinition,
  live: SampleForm,
  reviewed: { review: OperationRecord; incident?: Incident },
  out: Out,
): Promise<string[]> {
  const problems: string[] = [];
  const { values } = formValues(runbook, entity, live, {
    reviewId: reviewed.review.id,
    incident: reviewed.incident,
  });
  const dryRun = await call<any>(
    baseUrl,
    'POST',
    '/api/scaffolder/v2/dry-run',
    {
      template: entity,
      values,
      secrets: {},
      directoryContents: [],
    },
  );
  if (dryRun.status !== 200) {
    const detail = dryRun.body?.errors
      ? dryRun.body.errors.map((e: any) => e.stack ?? e.message).join('; ')
      : errorText(dryRun.body);
    return [`the scaffolder's dry run failed (${dryRun.status}): ${detail}`];
  }
  const messages: string[] = (dryRun.body.log ?? []).map((entry: any) =>
    plain(String(entry.body?.message ?? '')),
  );
  const stepId = entity.spec.steps.find(
    step => step.action === runbook.actionId,
  )?.id;
  const stepLog = (dryRun.body.log ?? []).filter(
    (entry: any) => entry.body?.stepId === stepId,
  );
  if (
    !messages.some(message =>
      message.includes('Dry run succeeded; nothing was changed'),
    )
  ) {
    problems.push(
      `the action did not report a successful engine dry run; log: ${messages
        .slice(-5)
        .join(' | ')}`,
    );
  }
  const links = dryRun.body.output?.links ?? [];
  if (
    !links.some((link: any) =>
      /\/catalog\/[^/]+\/[^/]+\/[^/]+\/ops$/.test(String(link.url)),
    )
  ) {
    problems.push(
      `the output has no link to the Ops tab: ${JSON.stringify(links)}`,
    );
  }
  if (!problems.length) {
    out(
      `  ✓ the scaffolder's dry run (POST /api/scaffolder/v2/dry-run) ran ${runbook.actionId} against the engine ` +
        `(${stepLog.length} log lines) and links ${links[0]?.url}`,
    );
  }
  return problems;
}

/** One template: the review field's dry run, then the scaffolder's own dry run of the template with those values. */
async function dryRunTemplate(
  baseUrl: string,
  entity: TemplateEntity,
  runbook: RunbookDefinition,
  out: Out,
): Promise<string[]> {
  const picked = await pickTarget(baseUrl, runbook, out);
  if ('problem' in picked) return [picked.problem];
  const reviewed = await reviewDryRun(
    baseUrl,
    entity,
    runbook,
    picked.live,
    out,
  );
  if ('problem' in reviewed) return [reviewed.problem];
  return scaffolderDryRun(baseUrl, entity, runbook, picked.live, reviewed, out);
}

/**
 * Starts a backend with gsv-ops, the scaffolder and this module (watching `target`, else the embedded cluster it
 * starts too), and dry-runs each template.
 */
export async function runLiveDryRuns(
  templates: Array<{ loaded: LoadedTemplate; runbook: RunbookDefinition }>,
  out: Out,
  target?: TargetCluster,
): Promise<{ problems: Problem[] }> {
  const problems: Problem[] = [];
  let environment: Awaited<ReturnType<typeof startLiveEnvironment>>;
  try {
    environment = await startLiveEnvironment(target);
  } catch (error) {
    return {
      problems: [
        {
          subject: target ? `cluster ${target.name}` : 'embedded cluster',
          problem: `could not start the backend${
            target ? ` watching ${target.url}` : ' and the embedded cluster'
          }: ${(error as Error).message}`,
        },
      ],
    };
  }
  out(
    `  a backend (gsv-ops, scaffolder, this module) runs on ${
      environment.baseUrl
    }, watching ${
      target ? `${target.name} (${target.url})` : 'the embedded cluster'
    }`,
  );
  try {
    for (const { loaded, runbook } of templates) {
      out(`\n${loaded.file}`);
      try {
        const found = await dryRunTemplate(
          environment.baseUrl,
          loaded.entity!,
          runbook,
          out,
        );
        found.forEach(problem =>
          problems.push({ subject: loaded.file, problem }),
        );
      } catch (error) {
        problems.push({
          subject: loaded.file,
          problem: `the dry run crashed: ${(error as Error).stack}`,
        });
      }
    }
  } finally {
    await environment.stop();
  }
  return { problems };
}

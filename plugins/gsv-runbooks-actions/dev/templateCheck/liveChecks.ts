import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  OperationRecord,
  OpsTarget,
  OpsTargetList,
  PlatformHealthView,
  RunbookDefinition,
  StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';
import { startDevCluster } from '@gsv/devcluster';
import { scaffolderModuleGsvRunbooks } from '../../src/module';
import { formValues } from './runbookForm';
import { SAMPLE_FORMS, type SampleForm } from './sampleForms';
import type { LoadedTemplate, TemplateEntity } from './templates';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const USER = mockCredentials.user.header('user:default/guest');
const TERMINAL = ['succeeded', 'failed', 'cancelled', 'interrupted'];

interface Problem {
  subject: string;
  problem: string;
}

/** The repository's catalog: the GSV platform the templates operate on, and its people. */
function repositoryCatalog(): Entity[] {
  return ['catalog-info.yaml', 'org.yaml'].flatMap(file =>
    yaml
      .parseAllDocuments(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))
      .map(document => document.toJS() as Entity)
      .filter(Boolean),
  );
}

/**
 * The `gsvOps` section of the repository's app-config.yaml, as the app runs with it, with GSV Ops' own token of the
 * embedded cluster in place of its `${GSV_DEVCLUSTER_TOKEN}` placeholder.
 */
function appGsvOpsConfig(gsvOpsToken: string): JsonObject {
  const config = yaml.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'app-config.yaml'), 'utf8'),
  );
  const gsvOps = config.gsvOps ?? {};
  // The metrics endpoints are `${GSV_DEVCLUSTER_*}` placeholders that `npm start` fills in; runbooks don't use them.
  for (const cluster of Object.values<JsonObject>(gsvOps.clusters ?? {})) {
    delete cluster.prometheus;
    delete cluster.alertmanager;
    if (cluster.serviceAccountToken) cluster.serviceAccountToken = gsvOpsToken;
  }
  return gsvOps;
}

/** Starts the embedded cluster (packages/devcluster), seeded with the GSV platform, on a free loopback port. */
async function startEmbeddedCluster() {
  const cluster = await startDevCluster({
    port: 0,
    name: 'gsv-dev',
    seed: 'gsv',
  });
  // the same identities as `npm start` (least-privilege RBAC of deploy/): GSV Ops' own, and the read-only one
  return {
    url: cluster.url,
    token: cluster.tokens.backend,
    readerToken: cluster.tokens.kubernetesPlugin,
    caData: cluster.caData,
    stop: () => cluster.stop(),
  };
}

async function startLiveEnvironment() {
  const cluster = await startEmbeddedCluster();
  try {
    const backend = await startTestBackend({
      features: [
        import('@gsv/plugin-gsv-ops-backend'),
        import('@backstage/plugin-scaffolder-backend'),
        scaffolderModuleGsvRunbooks,
        catalogServiceMock.factory({ entities: repositoryCatalog() }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'gsv-dev',
                      title: 'GSV dev (embedded cluster)',
                      url: cluster.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: cluster.readerToken,
                      caData: cluster.caData,
                    },
                  ],
                },
              ],
            },
            gsvOps: appGsvOpsConfig(cluster.token),
          },
        }),
      ],
    });
    const address = backend.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForSync(baseUrl);
    return {
      baseUrl,
      stop: async () => {
        await backend.stop();
        await cluster.stop();
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Waits until gsv-ops-backend's watch cache has listed every kind of every cluster (the picker reads from it). */
async function waitForSync(baseUrl: string) {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    const health = await call<PlatformHealthView>(
      baseUrl,
      'GET',
      '/api/gsv-ops/platform/health',
    );
    const clusters = health.status === 200 ? health.body.clusters ?? [] : [];
    if (clusters.length && clusters.every(cluster => cluster.synced)) return;
    last =
      health.status === 200
        ? JSON.stringify(clusters)
        : `${health.status} ${errorText(health.body)}`;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(
    `gsv-ops-backend did not sync the embedded cluster within 60 s: ${last}`,
  );
}

/** The task log as text: without the colours of the console format. */
function plain(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/\u001b\[[0-9;]*m/g, '');
}

async function call<T>(
  baseUrl: string,
  method: 'GET' | 'POST',
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method,
    headers: {
      Authorization: USER,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: parsed };
}

function errorText(body: any): string {
  return (
    body?.error?.message ??
    (typeof body === 'string' ? body : JSON.stringify(body))
  );
}

function entityPath(entityRef: string): string {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/api/gsv-ops/entities/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
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

async function followOperation(
  baseUrl: string,
  record: OperationRecord,
): Promise<OperationRecord> {
  let current = record;
  for (let i = 0; i < 120 && !TERMINAL.includes(current.status); i++) {
    await new Promise(resolve => setTimeout(resolve, 500));
    current = (
      await call<OperationRecord>(
        baseUrl,
        'GET',
        `/api/gsv-ops/operations/${current.id}`,
      )
    ).body;
  }
  return current;
}

/** One template: the review field's dry run, then the scaffolder's own dry run of the template with those values. */
async function dryRunTemplate(
  baseUrl: string,
  entity: TemplateEntity,
  runbook: RunbookDefinition,
  out: (line: string) => void,
): Promise<string[]> {
  const problems: string[] = [];
  const sample = SAMPLE_FORMS[runbook.id];
  const listed = await call<OpsTargetList>(
    baseUrl,
    'GET',
    `${entityPath(sample.entityRef)}/targets?kind=${encodeURIComponent(
      runbook.targetKind,
    )}`,
  );
  if (listed.status !== 200) {
    return [
      `the picker endpoint answered ${listed.status} for ${
        sample.entityRef
      }: ${errorText(listed.body)}`,
    ];
  }
  const live = liveSample(sample, listed.body.items);
  if (!live) {
    return [
      `the picker lists no ${runbook.targetKind} of ${sample.entityRef} in the embedded cluster`,
    ];
  }
  out(
    `  ✓ the picker lists ${listed.body.items.length} ${runbook.targetKind} target(s) of ${sample.entityRef}; ` +
      `using ${live.target.namespace ? `${live.target.namespace}/` : ''}${
        live.target.name
      } in ${live.target.cluster}`,
  );

  // 1. the review field's dry run (outside a maintenance window, the way a person would: with an incident)
  let incident: { id: string; severity: 'P1' | 'P2' } | undefined;
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
    return [
      `the engine refused the review's dry run (${started.status}): ${errorText(
        started.body,
      )}`,
    ];
  }
  const review = await followOperation(baseUrl, started.body);
  if (review.status !== 'succeeded') {
    const failed = review.steps?.find(step => step.status === 'failed');
    return [
      `the review's dry run ended ${review.status}: ${review.summary ?? ''} ${
        failed ? `(${failed.name}: ${failed.message})` : ''
      }`,
    ];
  }
  const diffs = (review.steps ?? []).filter(
    step => typeof step.detail?.diff === 'string',
  ).length;
  out(
    `  ✓ the review's dry run ${review.id} succeeded: ${
      review.summary ?? ''
    } (${review.steps.length} steps, ${diffs} with a diff)`,
  );

  // 2. the scaffolder's dry run of the template, with the reviewed dry run in the values
  const { values } = formValues(runbook, entity, live, {
    reviewId: review.id,
    incident,
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

/** Starts the embedded cluster and a backend with gsv-ops, the scaffolder and this module, and dry-runs each template. */
export async function runLiveDryRuns(
  templates: Array<{ loaded: LoadedTemplate; runbook: RunbookDefinition }>,
  out: (line: string) => void,
): Promise<{ problems: Problem[] }> {
  const problems: Problem[] = [];
  let environment: Awaited<ReturnType<typeof startLiveEnvironment>>;
  try {
    environment = await startLiveEnvironment();
  } catch (error) {
    return {
      problems: [
        {
          subject: 'embedded cluster',
          problem: `could not start the cluster and the backend: ${
            (error as Error).stack
          }`,
        },
      ],
    };
  }
  out(
    `  the embedded cluster and a backend (gsv-ops, scaffolder, this module) run on ${environment.baseUrl}`,
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

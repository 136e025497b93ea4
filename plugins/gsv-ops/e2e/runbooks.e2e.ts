/* eslint-disable no-console */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { fullScreenshot, signInIfAsked } from './browser';
import { kubeGet, kubeRequest } from './kube';
import {
  devTarget,
  expectTarget,
  expectText,
  field,
  fill,
  openTemplate,
  runTemplate,
  taskContent,
} from './runbookFlow';
import {
  AGENT_REGISTRY,
  CMP_POSTGRES,
  flow,
  OPS_TAB,
  startRunbookStackAroundTests,
  WORKER,
} from './runbookStack';
import {
  backend,
  cnpgPath,
  containerOf,
  deploymentPath,
  readyPodsOfCurrentRevision,
  replicaSetsOf,
  revisionOf,
  rolloutComplete,
  type OperationRecord,
} from './runbookTruth';
import { DevCluster, SCREENSHOTS, Stack, waitFor } from './stack';

/**
 * The runbooks as a person uses them, in the real app against the real backend (scaffolder + GSV runbook actions +
 * operations engine) and the two embedded clusters: open the Ops tab, click a quick action, land on the prefilled
 * template, review the engine's dry run, submit, watch the task log until the operation succeeds, follow the link
 * back to the Ops tab, see the operation in "Recent operations" — and check in the cluster that the runbook did what
 * it promises. Then every other runbook from its (prefilled) form to the finished task on gsv-dev, and a refusal in
 * production.
 */

startRunbookStackAroundTests();

let stack: Stack;
let page: Page;
let dev: DevCluster;
let prod: DevCluster;
beforeAll(() => {
  ({ stack, page, dev, prod } = flow);
});

test('Restart from the Ops tab: prefilled form, dry run, task log, back to the Ops tab and its recent operations', async () => {
  const before = await kubeGet(dev, deploymentPath('cmp', 'agent-registry'));
  const restartedAtBefore =
    before.spec.template.metadata?.annotations?.[
      'kubectl.kubernetes.io/restartedAt'
    ];
  const revisionBefore = revisionOf(before);

  // The Ops tab of agent-registry, on gsv-dev, and its quick action
  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-dev`);
  await signInIfAsked(page, page.getByTestId('ops-headline'));
  const restart = page.getByText('Restart agent-registry', { exact: true });
  await restart.waitFor();
  // enabled once the permission answer is in
  await waitFor(
    'the Restart quick action to be enabled',
    async () =>
      (await restart.getAttribute('aria-disabled')) !== 'true' &&
      (await page
        .getByRole('button', { name: 'Restart deployment: cmp/agent-registry' })
        .first()
        .getAttribute('aria-disabled')) !== 'true'
        ? true
        : undefined,
    { timeoutMs: 30_000 },
  );
  await restart.click();

  // The template, prefilled: service, deployment, cluster, environment
  await page.waitForURL(
    /\/create\/templates\/default\/gsv-restart-deployment\?formData=/,
  );
  await page
    .getByRole('heading', { name: 'Restart deployment' })
    .first()
    .waitFor();
  await waitFor(
    'the service picker to show the prefilled entity',
    async () =>
      (await page.getByLabel('Service').first().inputValue()) === AGENT_REGISTRY
        ? true
        : undefined,
    { timeoutMs: 30_000 },
  );
  const deploymentSelect = page.getByRole('combobox', { name: 'Deployment' });
  await waitFor(
    'the deployment picker to show the prefilled target',
    async () => {
      const text = await deploymentSelect.evaluate(
        (select: HTMLSelectElement) =>
          select.options[select.selectedIndex]?.text ?? '',
      );
      return text.startsWith('cmp/agent-registry — gsv-dev (dev)')
        ? text
        : undefined;
    },
    { timeoutMs: 30_000 },
  );

  let sawRunning = '';
  const run = await runTemplate({
    template: 'gsv-restart-deployment',
    entityRef: AGENT_REGISTRY,
    parameters: async () => {
      expect(
        await page.getByLabel('Wait for the rollout (seconds)').inputValue(),
      ).toBe('300');
    },
    plan: [
      'Cluster: gsv-dev (dev)',
      'Dry run: would restart deployment cmp/agent-registry',
      'permission gsv-ops.deployment.restart granted',
      /plan \(succeeded\): Planned \(sent with dryRun=All, accepted by the API server\): set kubectl\.kubernetes\.io\/restartedAt=/,
      // the diff
      '--- a/deployments/cmp/agent-registry',
      '+        kubectl.kubernetes.io/restartedAt: ',
    ],
    beforeSubmit: async () => {
      // The dry run changed nothing: same template, same revision.
      const now = await kubeGet(dev, deploymentPath('cmp', 'agent-registry'));
      expect(
        now.spec.template.metadata?.annotations?.[
          'kubectl.kubernetes.io/restartedAt'
        ],
      ).toBe(restartedAtBefore);
      expect(revisionOf(now)).toBe(revisionBefore);
      await page.getByLabel('I have reviewed this plan').check();
      await page
        .getByLabel('Restart the deployment: its pods are replaced one by one')
        .check();
      await page.mouse.move(0, 0);
      await fullScreenshot(page, join(SCREENSHOTS, 'runbook-dry-run.png'));
    },
    whileRunning: async () => {
      // The log streams the engine's steps while the task still runs.
      await page.getByRole('button', { name: /show logs/i }).click();
      const main = taskContent();
      let lastText = '';
      await waitFor(
        'a running step of the engine in the task log while the task runs',
        async () => {
          const text = await main.innerText();
          lastText = text;
          const line = /\[(wait|verify)\] running: [^\n]+/.exec(text)?.[0];
          if (!line) return undefined;
          // still running: the cancel button is there and the output link is not
          const cancel = page.getByRole('button', { name: /cancel/i });
          if (
            !(await cancel.isVisible()) ||
            (await page
              .locator('a', { hasText: 'Ops tab of the service' })
              .isVisible())
          )
            return undefined;
          return line;
        },
        {
          timeoutMs: 60_000,
          intervalMs: 200,
          onTimeout: () => `the task page showed:\n${lastText.slice(-3000)}`,
        },
      ).then(line => {
        sawRunning = line;
      });
    },
    whenFinished: async () => {
      // The finished task: the log's last lines (the viewer keeps its scroll position when the task ends)
      await page.evaluate(() => {
        for (const element of Array.from(
          document.querySelectorAll('article *'),
        )) {
          if (element.scrollHeight > element.clientHeight + 10)
            element.scrollTop = element.scrollHeight;
        }
      });
      await expectText(taskContent(), 'Finished step Restart the deployment');
      await expectText(taskContent(), '[verify] succeeded');
      await page.mouse.move(0, 0);
      await fullScreenshot(page, join(SCREENSHOTS, 'runbook-task.png'));
    },
    log: [
      // the engine checked the review against the request
      /\[validate\] succeeded: .*; reviewed as dry run [0-9a-f-]+/,
      '[policy] succeeded',
      '[lock] succeeded',
      '[apply] succeeded: Applied: set kubectl.kubernetes.io/restartedAt=',
      /\[wait\] succeeded: Rollout of cmp\/agent-registry complete/,
      /\[verify\] succeeded: \d+\/\d+ pods ready, 0 restarts/,
      '"Restart deployment" succeeded.',
    ],
  });
  console.log(`[e2e] restart: watched "${sawRunning}" while the task ran`);
  expect(sawRunning).toMatch(/^\[(wait|verify)\] running: /);
  expect(run.result).toMatch(
    /^Restarted deployment cmp\/agent-registry: revision \d+ rolled out, \d+\/\d+ pods ready, 0 restarts$/,
  );
  // (runTemplate followed the output link: the Ops tab lists the restart as its newest operation)
  expect(new URL(page.url()).pathname).toBe(OPS_TAB);

  // The cluster: a new restartedAt on the template, a new revision, the rollout complete, every pod new and ready
  const after = await kubeGet(dev, deploymentPath('cmp', 'agent-registry'));
  const restartedAt =
    after.spec.template.metadata.annotations[
      'kubectl.kubernetes.io/restartedAt'
    ];
  expect(restartedAt).toBeDefined();
  expect(restartedAt).not.toBe(restartedAtBefore);
  expect(after.metadata.annotations['gsv.io/operation-id']).toBe(
    run.operation.id,
  );
  expect(revisionOf(after)).toBe(revisionBefore + 1);
  expect(rolloutComplete(after)).toBe(true);
  expect(run.result).toContain(`revision ${revisionOf(after)} rolled out`);
  const ready = await readyPodsOfCurrentRevision('cmp', 'agent-registry');
  expect(ready.length).toBe(after.spec.replicas);

  // and the workloads table shows the new revision
  await expectText(
    page.locator('[data-testid="deployment-row"][data-name="agent-registry"]'),
    `revision ${revisionOf(after)}`,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Every other runbook, from its prefilled form to the finished task on gsv-dev

describe('each runbook from its form to the finished task on gsv-dev', () => {
  test('Scale deployment: agent-registry-worker one replica up', async () => {
    const path = deploymentPath('cmp', 'agent-registry-worker');
    const before = await kubeGet(dev, path);
    const from = before.spec.replicas as number;
    const to = from + 1;
    const run = await runTemplate({
      template: 'gsv-scale-deployment',
      // as the Ops tab's "Scale" prefills it: the current count
      formData: {
        entityRef: WORKER,
        target: devTarget('cmp', 'agent-registry-worker'),
        parameters: { replicas: from },
      },
      parameters: async () => {
        expect(await field('Replicas').inputValue()).toBe(String(from));
        await fill('Replicas', String(to));
      },
      plan: [
        `Dry run: would scale deployment cmp/agent-registry-worker from ${from} to ${to} replicas`,
        `+  replicas: ${to}`,
      ],
      log: ['[apply] succeeded', /\[verify\] succeeded/],
    });
    expect(run.result).toContain(
      `Scaled deployment cmp/agent-registry-worker from ${from} to ${to} replicas; ${to}/${to} ready`,
    );
    const after = await kubeGet(dev, path);
    expect(after.spec.replicas).toBe(to);
    expect(after.status.readyReplicas).toBe(to);
    expect(
      (await readyPodsOfCurrentRevision('cmp', 'agent-registry-worker')).length,
    ).toBe(to);
  });

  test('Set deployment resources: a new memory limit and CPU request for the worker container', async () => {
    const path = deploymentPath('cmp', 'agent-registry-worker');
    const before = await kubeGet(dev, path);
    const old = containerOf(before, 'worker').resources;
    expect(old.limits.memory).not.toBe('1536Mi');
    const run = await runTemplate({
      template: 'gsv-set-deployment-resources',
      formData: {
        entityRef: WORKER,
        target: devTarget('cmp', 'agent-registry-worker'),
      },
      parameters: async () => {
        await fill('Container', 'worker');
        await fill('CPU request', '250m');
        await fill('Memory limit', '1536Mi');
      },
      plan: [
        'Dry run: would set container worker of cmp/agent-registry-worker',
        '1536Mi',
        '250m',
      ],
      log: [
        '[apply] succeeded',
        /\[wait\] succeeded: Rollout of cmp\/agent-registry-worker complete/,
        /\[verify\] succeeded/,
      ],
    });
    const after = await kubeGet(dev, path);
    const resources = containerOf(after, 'worker').resources;
    expect(resources).toEqual({
      requests: { ...old.requests, cpu: '250m' },
      limits: { ...old.limits, memory: '1536Mi' },
    });
    expect(revisionOf(after)).toBe(revisionOf(before) + 1);
    expect(rolloutComplete(after)).toBe(true);
    expect(run.result).toContain(`revision ${revisionOf(after)} rolled out`);
  });

  test('Roll back deployment: the worker back to its previous revision (kubectl rollout undo)', async () => {
    const path = deploymentPath('cmp', 'agent-registry-worker');
    const before = await kubeGet(dev, path);
    const replicaSets = (
      await replicaSetsOf('cmp', 'agent-registry-worker')
    ).sort((a, b) => revisionOf(b) - revisionOf(a));
    const newest = revisionOf(replicaSets[0]);
    expect(newest).toBe(revisionOf(before));
    const previous = replicaSets[1];
    const previousRevision = revisionOf(previous);
    const run = await runTemplate({
      template: 'gsv-rollback-deployment',
      formData: {
        entityRef: WORKER,
        target: devTarget('cmp', 'agent-registry-worker'),
      },
      plan: [
        `Dry run: would roll back deployment cmp/agent-registry-worker from revision ${newest} to revision ${previousRevision}`,
      ],
      log: ['[apply] succeeded', /\[verify\] succeeded/],
    });
    expect(run.result).toContain(
      `Rolled back deployment cmp/agent-registry-worker to the template of revision ${previousRevision} (now revision ${
        newest + 1
      })`,
    );
    const after = await kubeGet(dev, path);
    // kubectl rollout undo: the old ReplicaSet's template comes back and becomes the newest revision
    expect(revisionOf(after)).toBe(newest + 1);
    expect(containerOf(after, 'worker')).toEqual(
      containerOf(previous, 'worker'),
    );
    const reused = (await replicaSetsOf('cmp', 'agent-registry-worker')).find(
      rs => rs.metadata.name === previous.metadata.name,
    );
    expect(revisionOf(reused)).toBe(newest + 1);
    expect(rolloutComplete(after)).toBe(true);
  });

  test('Renew certificate: agent-registry-tls gets a new revision (as cmctl renew)', async () => {
    const path =
      '/apis/cert-manager.io/v1/namespaces/cmp/certificates/agent-registry-tls';
    const before = await kubeGet(dev, path);
    const revision = before.status.revision as number;
    // (wildcard-dev-tls would fail: its DNS-01 issuer is broken in the dev seed)
    const run = await runTemplate({
      template: 'gsv-renew-certificate',
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget('cmp', 'agent-registry-tls'),
      },
      plan: [
        `Dry run: would trigger re-issuance of certificate cmp/agent-registry-tls (as cmctl renew) and wait for revision ${
          revision + 1
        } to be Ready`,
        'Issuing',
      ],
      log: ['[apply] succeeded', '[wait] succeeded'],
    });
    expect(run.result).toContain(
      `Renewed certificate cmp/agent-registry-tls: revision ${
        revision + 1
      } is Ready`,
    );
    const after = await kubeGet(dev, path);
    expect(after.status.revision).toBe(revision + 1);
    const ready = after.status.conditions.find((c: any) => c.type === 'Ready');
    expect(ready.status).toBe('True');
    expect(Date.parse(after.status.notAfter)).toBeGreaterThan(
      Date.parse(before.status.notAfter),
    );
    expect(
      after.status.conditions.find((c: any) => c.type === 'Issuing')?.status ??
        'False',
    ).toBe('False');
  });

  test('Rotate secret: the ExternalSecret refreshes from the store, consumers left alone', async () => {
    const path =
      '/apis/external-secrets.io/v1/namespaces/cmp/externalsecrets/agent-registry-secrets';
    const before = await kubeGet(dev, path);
    const consumer = await kubeGet(
      dev,
      deploymentPath('cmp', 'agent-registry'),
    );
    const run = await runTemplate({
      template: 'gsv-rotate-secret',
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget('cmp', 'agent-registry-secrets'),
      },
      parameters: async () => {
        expect(
          await field(
            'Restart the deployments that use the secret',
          ).isChecked(),
        ).toBe(false);
      },
      plan: [
        'Dry run: would refresh ExternalSecret cmp/agent-registry-secrets',
        'force-sync',
      ],
      log: ['[apply] succeeded', '[wait] succeeded'],
    });
    expect(run.result).toMatch(
      /^Refreshed ExternalSecret cmp\/agent-registry-secrets at \S+/,
    );
    const after = await kubeGet(dev, path);
    expect(Date.parse(after.status.refreshTime)).toBeGreaterThan(
      Date.parse(before.status.refreshTime),
    );
    expect(after.status.syncedResourceVersion).not.toBe(
      before.status.syncedResourceVersion,
    );
    expect(
      after.status.conditions.find((c: any) => c.type === 'Ready').status,
    ).toBe('True');
    expect(after.metadata.annotations['force-sync']).toBeDefined();
    // not asked to restart the consumers: agent-registry kept its revision
    const consumerAfter = await kubeGet(
      dev,
      deploymentPath('cmp', 'agent-registry'),
    );
    expect(revisionOf(consumerAfter)).toBe(revisionOf(consumer));
  });

  test('Sync Argo CD application: agent-registry syncs through the operation field', async () => {
    // keycloak is the OutOfSync one in the dev seed, but it belongs to the platform team: the guest may not sync it.
    const path =
      '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/agent-registry';
    const before = await kubeGet(dev, path);
    const run = await runTemplate({
      template: 'gsv-sync-application',
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget('argocd', 'agent-registry'),
      },
      plan: [
        'Dry run: would sync Argo CD application argocd/agent-registry and wait for Synced/Healthy',
        '+operation:',
      ],
      log: ['[apply] succeeded', '[wait] succeeded'],
    });
    expect(run.result).toMatch(
      /^Synced Argo CD application argocd\/agent-registry to [0-9a-f]{12}: Synced and Healthy$/,
    );
    const { operation } = run;
    const after = await kubeGet(dev, path);
    const state = after.status.operationState;
    expect(state.phase).toBe('Succeeded');
    expect(state.operation.info).toContainEqual({
      name: 'gsv-ops-operation',
      value: operation.id,
    });
    expect(Date.parse(state.startedAt)).toBeGreaterThan(
      Date.parse(before.status.operationState?.startedAt ?? 0),
    );
    expect(after.status.sync.status).toBe('Synced');
    expect(after.status.health.status).toBe('Healthy');
    expect(after.operation).toBeUndefined();
  });

  test('Back up database: an on-demand Backup of cmp-postgres completes', async () => {
    const run = await runTemplate({
      template: 'gsv-backup-database',
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget('cmp', 'cmp-postgres'),
      },
      plan: [
        /Dry run: would create Backup cmp\/cmp-postgres-\d{14}-[b-z2-9]{5} of cluster cmp-postgres \(method plugin\)/,
      ],
      log: ['[apply] succeeded', '[wait] succeeded'],
    });
    const { operation } = run;
    const name = operation.result?.backup as string;
    expect(name).toMatch(/^cmp-postgres-\d{14}-[b-z2-9]{5}$/);
    expect(run.result).toContain(`Backup cmp/${name} completed`);
    const backup = await kubeGet(
      dev,
      `/apis/postgresql.cnpg.io/v1/namespaces/cmp/backups/${name}`,
    );
    expect(backup.status.phase).toBe('completed');
    expect(backup.metadata.annotations['gsv.io/operation-id']).toBe(
      operation.id,
    );
    expect(backup.spec.cluster.name).toBe('cmp-postgres');
    // the object store's recoverability window now reaches this backup (or a later scheduled one)
    const store = await kubeGet(
      dev,
      '/apis/barmancloud.cnpg.io/v1/namespaces/cmp/objectstores/cmp-postgres-store',
    );
    expect(
      Date.parse(
        store.status.serverRecoveryWindow['cmp-postgres']
          .lastSuccessfulBackupTime,
      ),
    ).toBeGreaterThanOrEqual(Date.parse(backup.status.stoppedAt));
  });

  test('Switch over database: a healthy replica of cmp-postgres becomes the primary', async () => {
    const before = await kubeGet(dev, cnpgPath('cmp-postgres'));
    const oldPrimary = before.status.currentPrimary as string;
    let promoted = '';
    const run = await runTemplate({
      template: 'gsv-switchover-database',
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget('cmp', 'cmp-postgres'),
      },
      plan: [
        new RegExp(
          `Dry run: would promote cmp-postgres-\\d+ to primary of cluster cmp/cmp-postgres \\(now ${oldPrimary}\\)`,
        ),
        'targetPrimary',
      ],
      beforeSubmit: async ({ text }) => {
        promoted = /would promote (\S+) to primary/.exec(text)![1];
      },
      log: ['[apply] succeeded', /\[verify\] succeeded/],
    });
    expect(promoted).not.toBe(oldPrimary);
    expect(run.result).toContain(
      `Switched over cluster cmp/cmp-postgres from ${oldPrimary} to ${promoted}`,
    );
    const after = await kubeGet(dev, cnpgPath('cmp-postgres'));
    expect(after.status.currentPrimary).toBe(promoted);
    expect(after.status.targetPrimary).toBe(promoted);
    expect(after.status.phase).toBe('Cluster in healthy state');
    const role = async (pod: string) =>
      (await kubeGet(dev, `/api/v1/namespaces/cmp/pods/${pod}`)).metadata
        .labels['cnpg.io/instanceRole'];
    expect(await role(promoted)).toBe('primary');
    expect(await role(oldPrimary)).toBe('replica');
  });

  test('Scale database: cmp-postgres gets one more instance', async () => {
    const before = await kubeGet(dev, cnpgPath('cmp-postgres'));
    const from = before.spec.instances as number;
    const to = from + 1;
    const run = await runTemplate({
      template: 'gsv-scale-database',
      // from the database's own catalog entity (a Resource)
      formData: {
        entityRef: CMP_POSTGRES,
        target: devTarget('cmp', 'cmp-postgres'),
        parameters: { instances: to },
      },
      plan: [
        `Dry run: would scale cluster cmp/cmp-postgres from ${from} to ${to} instances`,
      ],
      log: ['[apply] succeeded', '[wait] succeeded'],
    });
    expect(run.result).toContain(
      `Scaled cluster cmp/cmp-postgres from ${from} to ${to} instances; all ${to} ready`,
    );
    const after = await kubeGet(dev, cnpgPath('cmp-postgres'));
    expect(after.spec.instances).toBe(to);
    expect(after.status.readyInstances).toBe(to);
    const pods = await kubeGet(
      dev,
      `/api/v1/namespaces/cmp/pods?labelSelector=${encodeURIComponent(
        'cnpg.io/cluster=cmp-postgres,cnpg.io/podRole=instance',
      )}`,
    );
    expect(
      (pods.items as any[]).filter(p =>
        (p.status.conditions ?? []).some(
          (c: any) => c.type === 'Ready' && c.status === 'True',
        ),
      ).length,
    ).toBe(to);
  });

  test('Restore database to a point in time: a new cluster recovered from cmp-postgres, the source untouched', async () => {
    const source = await kubeGet(dev, cnpgPath('cmp-postgres'));
    // two hours ago: inside the window (the first recoverability point is days back, WAL archiving works)
    const targetTime = new Date(
      Math.floor((Date.now() - 2 * 3600_000) / 60_000) * 60_000,
    )
      .toISOString()
      .replace('.000Z', 'Z');
    const name = 'cmp-postgres-pitr-e2e';
    const run = await runTemplate({
      template: 'gsv-restore-database',
      formData: {
        entityRef: CMP_POSTGRES,
        target: devTarget('cmp', 'cmp-postgres'),
        parameters: { newClusterName: name, targetTime },
      },
      plan: [
        `Dry run: would create cluster cmp/${name} (1 instance) recovered from cmp-postgres to ${targetTime}; cmp-postgres is not touched`,
        `targetTime: ${new Date(targetTime).toISOString()}`,
      ],
      log: ['[apply] succeeded', '[wait] succeeded'],
    });
    expect(run.result).toContain(
      `Restored cmp/cmp-postgres to ${targetTime} into the new cluster cmp/${name}: healthy, 1 instance ready`,
    );
    const restored = await kubeGet(dev, cnpgPath(name));
    expect(
      Date.parse(restored.spec.bootstrap.recovery.recoveryTarget.targetTime),
    ).toBe(Date.parse(targetTime));
    expect(restored.spec.bootstrap.recovery.source).toBe('cmp-postgres');
    expect(restored.status.phase).toBe('Cluster in healthy state');
    expect(restored.status.readyInstances).toBe(1);
    const sourceAfter = await kubeGet(dev, cnpgPath('cmp-postgres'));
    expect(sourceAfter.metadata.generation).toBe(source.metadata.generation);
    expect(sourceAfter.status.currentPrimary).toBe(
      source.status.currentPrimary,
    );
  });

  test('Clean up: old completed jobs and zero-replica ReplicaSets of agent-registry go, the rest stays', async () => {
    const keep = 1;
    const hours = 24;
    // What the runbook promises, computed from the cluster: per deployment of the service, every old ReplicaSet
    // with 0 replicas beyond the newest `keep`; every completed job of the service older than `hours`.
    const targets = await backend<{
      items: Array<{ cluster: string; name: string }>;
    }>(
      '/api/gsv-ops/entities/component/default/agent-registry/targets?kind=deployment',
    );
    const deployments = targets.items
      .filter(t => t.cluster === 'gsv-dev')
      .map(t => t.name);
    expect(deployments).toContain('agent-registry');
    const expectedGone: string[] = [];
    const expectedKept: string[] = [];
    for (const name of deployments) {
      const deployment = await kubeGet(dev, deploymentPath('cmp', name));
      const old = (await replicaSetsOf('cmp', name))
        .filter(rs => revisionOf(rs) !== revisionOf(deployment))
        .filter(
          rs =>
            (rs.spec.replicas ?? 0) === 0 && (rs.status.replicas ?? 0) === 0,
        )
        .sort((a, b) => revisionOf(b) - revisionOf(a));
      expectedKept.push(
        ...old.slice(0, keep).map(rs => `ReplicaSet ${rs.metadata.name}`),
      );
      expectedGone.push(
        ...old.slice(keep).map(rs => `ReplicaSet ${rs.metadata.name}`),
      );
    }
    const jobs = await kubeGet(
      dev,
      `/apis/batch/v1/namespaces/cmp/jobs?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=agent-registry',
      )}`,
    );
    for (const job of jobs.items as any[]) {
      const completed = Date.parse(job.status.completionTime ?? '');
      (completed < Date.now() - hours * 3600_000
        ? expectedGone
        : expectedKept
      ).push(`Job ${job.metadata.name}`);
    }
    expect(expectedGone.length).toBeGreaterThan(0);

    const run = await runTemplate({
      template: 'gsv-cleanup-workloads',
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget(undefined, 'cmp'),
      },
      parameters: async () => {
        expect(
          await field('Jobs completed more than … hours ago').inputValue(),
        ).toBe(String(hours));
        await fill('ReplicaSets to keep per deployment', String(keep));
      },
      plan: [
        `Dry run: would delete ${expectedGone.length} objects in cmp`,
        ...expectedGone.map(what => what.split(' ')[1]),
      ],
      log: ['[apply] succeeded'],
    });
    expect(run.result).toContain(
      `Deleted ${expectedGone.length} objects in cmp`,
    );
    const exists = async (what: string) => {
      const [kind, name] = what.split(' ');
      const path =
        kind === 'Job'
          ? `/apis/batch/v1/namespaces/cmp/jobs/${name}`
          : `/apis/apps/v1/namespaces/cmp/replicasets/${name}`;
      const { status, body } = await kubeRequest(dev, 'GET', path);
      // deleted, or on its way out (background deletion of the pods)
      return status === 200 && !body.metadata.deletionTimestamp;
    };
    for (const what of expectedGone)
      expect([what, await exists(what)]).toEqual([what, false]);
    for (const what of expectedKept)
      expect([what, await exists(what)]).toEqual([what, true]);
    // the running revisions are untouched
    for (const name of deployments) {
      expect(
        rolloutComplete(await kubeGet(dev, deploymentPath('cmp', name))),
      ).toBe(true);
    }
  });

  test('Scale autoscaler: the minimum of agent-registry’s HPA raised, the deployment follows', async () => {
    const path =
      '/apis/autoscaling/v2/namespaces/cmp/horizontalpodautoscalers/agent-registry';
    const before = await kubeGet(dev, path);
    const { minReplicas: min, maxReplicas: max } = before.spec;
    const to = Math.min(max, Math.max(min, before.status.currentReplicas) + 1);
    const run = await runTemplate({
      template: 'gsv-scale-autoscaler',
      // as the Ops tab's "Scale" prefills it for a deployment an HPA manages: the HPA's current bounds
      formData: {
        entityRef: AGENT_REGISTRY,
        target: devTarget('cmp', 'agent-registry'),
        parameters: { minReplicas: min, maxReplicas: max },
      },
      parameters: async () => {
        expect(await field('Minimum replicas').inputValue()).toBe(String(min));
        await fill('Minimum replicas', String(to));
      },
      plan: [
        `Dry run: would set HPA cmp/agent-registry to min ${to}, max ${max} (was min ${min}, max ${max})`,
        new RegExp(`\\+\\s+minReplicas: ${to}`),
      ],
      log: ['[apply] succeeded', '[wait] succeeded'],
    });
    expect(run.result).toContain(
      `Set HPA cmp/agent-registry to min ${to}, max ${max} (was min ${min}, max ${max})`,
    );
    expect((await kubeGet(dev, path)).spec.minReplicas).toBe(to);
    const deployment = await kubeGet(
      dev,
      deploymentPath('cmp', 'agent-registry'),
    );
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(to);
    expect(deployment.status.readyReplicas).toBeGreaterThanOrEqual(to);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A refusal, as the person sees it

test('Restart in production is refused with the missing permission, and nothing reaches the cluster', async () => {
  const statsBefore = await kubeGet(prod, '/devcluster/requests');
  const before = await kubeGet(prod, deploymentPath('cmp', 'agent-registry'));

  // The Ops tab on gsv-prod: the quick action is greyed out and says why
  await page.goto(`${stack.appUrl}${OPS_TAB}?cluster=gsv-prod`);
  await signInIfAsked(page, page.getByTestId('ops-headline'));
  await expectText(
    page.getByTestId('quick-actions-denied'),
    'Operating in production needs gsv-ops.production.operate, which the platform team has.',
  );
  const restart = page.getByText('Restart agent-registry', { exact: true });
  await waitFor(
    'the Restart quick action to be disabled',
    async () =>
      (await page
        .getByRole('button', { name: 'Restart deployment: cmp/agent-registry' })
        .first()
        .getAttribute('aria-disabled')) === 'true'
        ? true
        : undefined,
    { timeoutMs: 30_000 },
  );
  expect(await restart.isVisible()).toBe(true);

  // The form still lets a person pick the production deployment; the engine's dry run refuses it
  await openTemplate('gsv-restart-deployment', {
    entityRef: AGENT_REGISTRY,
    target: devTarget('cmp', 'agent-registry'),
  });
  await expectTarget('gsv-dev', 'dev');
  const select = page.getByRole('combobox', { name: 'Deployment' });
  await select.selectOption({ value: 'gsv-prod/cmp/agent-registry' });
  await expectTarget('gsv-prod', 'prod');
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText('This change is outside the maintenance window')
    .waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 60_000 });
  expect(await alert.innerText()).toBe(
    'The dry run was refused: You are not allowed to operate on component:default/agent-registry in production (cluster gsv-prod) (permission gsv-ops.production.operate)',
  );
  expect(await page.getByLabel('I have reviewed this plan').isDisabled()).toBe(
    true,
  );
  // the form cannot be submitted
  await page
    .getByLabel('Restart the deployment: its pods are replaced one by one')
    .check();
  await page.getByRole('button', { name: 'Review' }).click();
  // one clear message at the field (and in the list at the top), not JSON-schema errors about hidden properties
  const message = page.getByText(
    'Run the dry run and confirm that you reviewed its plan',
    { exact: true },
  );
  await message.first().waitFor();
  expect(await message.count()).toBe(1);
  expect(await page.getByText(/must have required property/).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0);
  await page.mouse.move(0, 0);
  await fullScreenshot(page, join(SCREENSHOTS, 'runbook-refused.png'));

  // Nothing reached gsv-prod: no write, not even a dry-run one; the deployment is as it was
  const statsAfter = await kubeGet(prod, '/devcluster/requests');
  expect(statsAfter.writes).toBe(statsBefore.writes);
  expect(statsAfter.dryRun).toBe(statsBefore.dryRun);
  for (const verb of [
    'create',
    'update',
    'patch',
    'delete',
    'deletecollection',
  ]) {
    expect([verb, statsAfter.byVerb[verb] ?? 0]).toEqual([
      verb,
      statsBefore.byVerb[verb] ?? 0,
    ]);
  }
  const after = await kubeGet(prod, deploymentPath('cmp', 'agent-registry'));
  expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  // and no operation was recorded for gsv-prod
  const operations = await backend<{ items: OperationRecord[] }>(
    `/api/gsv-ops/operations?entityRef=${encodeURIComponent(
      AGENT_REGISTRY,
    )}&limit=100`,
  );
  expect(operations.items.filter(op => op.cluster === 'gsv-prod')).toEqual([]);
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  EntityMetricsView,
  EntityOpsView,
} from '@gsv/plugin-gsv-ops-common';
import {
  clusterErrorView,
  degradedView,
  expiringCertificateView,
  failedBackupView,
  healthyView,
  multiClusterView,
  nothingDeployedView,
} from '../../__fixtures__/entityViews';
import { notAnnotatedEntity } from '../../__fixtures__/entities';
import {
  alertingHandler,
  approvalsHandler,
  fakeOpsBackend,
  logsHandler,
  securityHandler,
  maintenanceHandler,
  metricsHandler,
  notAllowedBody,
  operationsHandler,
  realClient,
} from '../../__testUtils__/opsBackend';
import {
  notConfiguredMetricsView,
  seededMetricsView,
} from '../../__fixtures__/metrics';
import { recentOperations } from '../../__fixtures__/operations';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { EntityGsvOpsContent } from './EntityGsvOpsContent';

const VIEW_PATH = '/entities/component/default/agent-registry/view';
const server = setupServer();
registerMswTestHooks(server);

/** Serves a view through msw and renders the tab with the real client. */
async function renderWithBackend(
  view: EntityOpsView | { status: number; body: Record<string, unknown> },
  routeEntries?: string[],
  metricsByCluster: Record<string, EntityMetricsView> = {},
) {
  const backend = fakeOpsBackend<EntityOpsView>(VIEW_PATH, view);
  // clusters without metrics given here have no Prometheus configured
  const metrics = metricsHandler(
    cluster =>
      metricsByCluster[cluster ?? ''] ??
      notConfiguredMetricsView(cluster ?? 'gsv-dev', 'dev'),
  );
  server.use(
    backend.handler,
    operationsHandler(recentOperations()),
    approvalsHandler(),
    maintenanceHandler(),
    logsHandler(),
    alertingHandler(),
    securityHandler(),
    metrics.handler,
  );
  await renderOps(<EntityGsvOpsContent />, { api: realClient(), routeEntries });
  return Object.assign(backend, { metricsRequests: metrics.requests });
}

const deploymentRow = (name: string) =>
  screen
    .getAllByTestId('deployment-row')
    .find(row => row.getAttribute('data-name') === name)!;

describe('EntityGsvOpsContent', () => {
  it('shows a healthy service: level, freshness, workloads, certificates, backups and GitOps', async () => {
    await renderWithBackend(healthyView());

    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Healthy',
    );
    expect(screen.getByText('no findings')).toBeInTheDocument();
    expect(screen.getByText('Live')).toBeInTheDocument();
    expect(screen.getByTestId('freshness')).toHaveTextContent(/as of just now/);
    expect(
      screen.getByText('gsv-dev', { selector: 'span' }),
    ).toBeInTheDocument();

    const row = deploymentRow('agent-registry');
    expect(within(row).getByText('Available')).toBeInTheDocument();
    expect(within(row).getByTestId('deployment-ready')).toHaveTextContent(
      '3/3',
    );
    expect(within(row).getByTestId('image-tag')).toHaveTextContent('1.14.2');
    expect(within(row).getByText('Complete')).toBeInTheDocument();
    expect(within(row).getByText('3 of 2–10')).toBeInTheDocument();

    // the sections below the first screen render a frame later
    expect(await screen.findAllByTestId('certificate-row')).toHaveLength(2);
    expect(screen.getByTestId('last-backup-age')).toHaveTextContent(
      '5 h 59 min ago, on schedule (every 1 d)',
    );
    expect(screen.getByText('Cluster in healthy state')).toBeInTheDocument();
    expect(screen.getByTestId('sync-status')).toHaveTextContent('Synced');
    expect(screen.getByTestId('health-status')).toHaveTextContent('Healthy');
    expect(screen.getByText('4f1c2a9', { selector: 'p' })).toBeInTheDocument();
    expect(screen.getByText('No warning events')).toBeInTheDocument();
    // the runbooks run on the service, newest first, with their outcome in words
    const operations = await screen.findAllByTestId('operation-row');
    expect(
      operations.map(
        op => within(op).getByTestId('operation-status').textContent,
      ),
    ).toEqual(['Running', 'Succeeded', 'Failed']);
    expect(
      within(operations[0]).getByRole('link', { name: 'Restart deployment' }),
    ).toHaveAttribute('href', '/create/tasks/5b1c');
    expect(operations[1]).toHaveTextContent('1 min 14 s');
    // every status is an icon and a word: no level is shown by colour alone
    for (const status of screen.getAllByTestId('level-status')) {
      expect(status.textContent?.trim()).not.toBe('');
    }
  });

  it('leads with what is wrong in a degraded service, non-running pods first', async () => {
    await renderWithBackend(degradedView());

    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Degraded',
    );
    expect(screen.getByText('2 critical, 2 warnings')).toBeInTheDocument();
    expect(
      screen.getByText('Deployment agent-registry has 1 of 3 replicas ready'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('section-tile-workloads')).toHaveAccessibleName(
      'Workloads: Critical, 1/3 ready, rollout stalled',
    );

    const row = deploymentRow('agent-registry');
    expect(within(row).getByText('Rollout stalled')).toBeInTheDocument();
    expect(within(row).getByText('Stalled: 2/3 updated')).toBeInTheDocument();
    expect(within(row).getByTestId('image-tag')).toHaveTextContent('1.15.0');
    // a troubled deployment opens its pods at first sight, crash-looping ones first
    const pods = within(
      screen.getByRole('table', { name: 'Pods of agent-registry' }),
    ).getAllByTestId('pod-row');
    expect(
      pods.map(p => within(p).getAllByRole('cell')[1].textContent),
    ).toEqual([
      'agent-registry-5c4d7f9b8-m4n8q',
      'agent-registry-5c4d7f9b8-x7r2d',
      'agent-registry-7d9f8c6b5-h7c4m',
      'agent-registry-7d9f8c6b5-2xk8p',
    ]);
    expect(within(pods[0]).getByText('CrashLoopBackOff')).toBeInTheDocument();
    expect(within(pods[0]).getByText(/last exit: Error/)).toBeInTheDocument();

    // the sections below the first screen render a frame later
    expect(await screen.findByTestId('sync-status')).toHaveTextContent(
      'OutOfSync',
    );
    expect(
      screen.getByText('ConfigMap cmp/agent-registry-config'),
    ).toBeInTheDocument();
    expect(screen.getByText('86% used')).toBeInTheDocument();
    expect(screen.getAllByTestId('event-row')[0]).toHaveTextContent(
      /BackOff · Pod agent-registry-5c4d7f9b8-x7r2d/,
    );
    expect(screen.getAllByTestId('event-row')[0]).toHaveTextContent('61×');
  });

  it('hides and shows the pods of a deployment', async () => {
    await renderWithBackend(healthyView());
    const toggle = await screen.findByRole('button', {
      name: 'Show pods of agent-registry',
    });
    expect(
      screen.queryByRole('table', { name: 'Pods of agent-registry' }),
    ).not.toBeInTheDocument();
    await userEvent.click(toggle);
    expect(
      await screen.findByRole('table', { name: 'Pods of agent-registry' }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('pod-row')).toHaveLength(3);
  });

  it('warns about a certificate that expires in 4 days and fails to renew', async () => {
    await renderWithBackend(expiringCertificateView());
    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Degraded',
    );
    // the certificates render a frame after the headline
    const row = (await screen.findAllByTestId('certificate-row'))[0];
    expect(row).toHaveTextContent('wildcard-dev-tls');
    expect(within(row).getByTestId('certificate-expiry')).toHaveTextContent(
      'in 4 days',
    );
    expect(
      within(within(row).getByTestId('certificate-expiry')).getByTestId(
        'level-status',
      ),
    ).toHaveAttribute('data-level', 'critical');
    expect(row).toHaveTextContent('Issuing a new revision');
    expect(row).toHaveTextContent('order is in "invalid" state');
    expect(row).toHaveTextContent(
      /2 failed attempts, next retry in (59 minutes|1 hour)/,
    );
    const renew = within(row).getByRole('button', {
      name: 'Renew certificate: cert-manager/wildcard-dev-tls',
    });
    expect(renew).toHaveAttribute(
      'href',
      expect.stringContaining(
        '/create/templates/default/gsv-renew-certificate?formData=',
      ),
    );
  });

  it('shows a failed backup, failing WAL archiving and the missed runs', async () => {
    await renderWithBackend(failedBackupView());
    const database = await screen.findByTestId('database');
    expect(within(database).getByText('Failing')).toBeInTheDocument();
    expect(
      within(database).getByText(
        'unexpected failure invoking barman-cloud-wal-archive: exit status 4',
      ),
    ).toBeVisible();
    expect(within(database).getByTestId('last-backup-age')).toHaveTextContent(
      '2 d 6 h ago, 2 scheduled runs missed (every 1 d)',
    );
    const backups = within(database).getAllByTestId('backup-row');
    expect(backups[0]).toHaveTextContent('failed');
    expect(backups[0]).toHaveTextContent('AccessDenied');
    expect(backups[0]).toHaveTextContent('12 s');
    expect(
      within(database).getByRole('button', {
        name: 'Back up database now: cmp/cmp-postgres',
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining(
        '/create/templates/default/gsv-backup-database?formData=',
      ),
    );
  });

  it('keeps the last known data of a failing cluster and says how old it is', async () => {
    await renderWithBackend(clusterErrorView());
    const error = await screen.findByTestId('cluster-error');
    expect(
      screen.getByText(
        /Cluster gsv-dev is not answering \(Unreachable\): showing the last known data, from 4 min/,
      ),
    ).toBeVisible();
    expect(error).toHaveTextContent('connect ECONNREFUSED 10.0.12.4:6443');
    // the other cluster never answered: named, not mixed up with the shown one
    expect(
      screen.getByText(/Cluster gsv-qa could not be read \(Unauthorized\)/),
    ).toBeVisible();
    expect(
      screen.queryByText(/Cluster gsv-dev could not be read/),
    ).not.toBeInTheDocument();
    // the last known data is still there
    expect(deploymentRow('agent-registry')).toHaveTextContent('3/3');
    expect(screen.getByTestId('ops-headline')).toHaveTextContent(
      'Status unknown',
    );
  });

  it('tells exactly which annotations to add when the entity is not annotated', async () => {
    const api = fakeGsvOpsApi({ entityView: healthyView() });
    await renderOps(<EntityGsvOpsContent />, {
      api,
      entity: notAnnotatedEntity,
    });
    expect(
      screen.getByText('GSV Ops is not set up for this component'),
    ).toBeInTheDocument();
    const snippet = screen.getByTestId('annotation-snippet');
    expect(snippet).toHaveTextContent(
      'backstage.io/kubernetes-id: billing-api',
    );
    expect(snippet).toHaveTextContent(
      'gsv.io/cnpg-cluster: <namespace>/billing-api-postgres',
    );
    expect(
      within(snippet).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
    expect(api.getEntityView).not.toHaveBeenCalled();
  });

  it('says when nothing of an annotated service runs anywhere', async () => {
    await renderWithBackend(nothingDeployedView());
    expect(
      await screen.findByText('Nothing of this service is running'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id=agent-registry', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/was found in gsv-dev/)).toBeInTheDocument();
  });

  it('explains a permission denial from the backend (403) instead of dumping the error', async () => {
    const backend = await renderWithBackend({
      status: 403,
      body: notAllowedBody,
    });
    expect(
      await screen.findByText(
        'You don\u2019t have access to the operations of Agent Registry'.replace(
          '\u2019',
          "'",
        ),
      ),
    ).toBeVisible();
    expect(screen.getByTestId('permission-denied')).toHaveTextContent(
      'Seeing this needs the permission gsv-ops.entity.read. Ask the owners (group:default/cmp-team)',
    );
    // a 403 does not hammer the backend
    await new Promise(r => setTimeout(r, 100));
    expect(backend.requests).toHaveLength(1);
  });

  it('shows a server error with a retry, then recovers', async () => {
    const backend = await renderWithBackend({
      status: 400,
      body: { error: { name: 'InputError', message: 'bad ref' } },
    });
    expect(
      await screen.findByText(/Could not load the Ops view/),
    ).toBeInTheDocument();
    backend.publish(healthyView());
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Healthy',
    );
  });

  it('updates live through the long poll, without reloading', async () => {
    const backend = await renderWithBackend(healthyView());
    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Healthy',
    );
    // the client is now holding a conditional request open
    await waitFor(() =>
      expect(backend.requests.at(-1)).toEqual({
        ifNoneMatch: healthyView().etag,
        waitSeconds: '25',
        cluster: null,
      }),
    );
    backend.publish(degradedView());
    expect(
      await screen.findByText(
        'Deployment agent-registry has 1 of 3 replicas ready',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('ops-headline')).toHaveTextContent('Degraded');
  });

  it('switches between the clusters a service runs in, and opens the one named in the URL', async () => {
    await renderWithBackend(multiClusterView(), ['/?cluster=gsv-dev']);
    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Healthy',
    );
    expect(
      screen.getByText(/across all clusters: needs attention/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: /GSV production \(prod\)/ }),
    );
    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Needs attention',
    );
    expect(deploymentRow('agent-registry')).toHaveTextContent('6/6');
    expect(
      screen.getByText('Certificate agent-registry-tls expires in 12 days'),
    ).toBeInTheDocument();
  });

  it('shows the key metrics of the cluster shown and follows the cluster switch', async () => {
    const backend = await renderWithBackend(
      multiClusterView(),
      ['/?cluster=gsv-dev'],
      { 'gsv-dev': seededMetricsView() },
    );
    const tiles = await screen.findAllByTestId('metric-tile');
    expect(tiles).toHaveLength(7);
    const disk = tiles.find(t => t.getAttribute('data-metric') === 'disk')!;
    expect(disk).toHaveAttribute('data-level', 'critical');
    expect(within(disk).getByTestId('metric-value')).toHaveTextContent('92 %');
    expect(
      within(screen.getByTestId('alerts-card')).getByText(
        'PersistentVolumeFillingUp',
      ),
    ).toBeInTheDocument();
    expect(backend.metricsRequests.map(r => r.cluster)).toEqual(['gsv-dev']);

    await userEvent.click(
      screen.getByRole('button', { name: /GSV production \(prod\)/ }),
    );
    // gsv-prod has no Prometheus: the dev metrics are gone, the config keys are explained
    expect(
      await screen.findByTestId('metrics-not-configured'),
    ).toHaveTextContent('gsvOps.clusters.gsv-prod.prometheus.baseUrl');
    expect(screen.queryAllByTestId('metric-tile')).toHaveLength(0);
    expect(backend.metricsRequests.map(r => r.cluster)).toEqual([
      'gsv-dev',
      'gsv-prod',
    ]);
  }, 30_000);

  it('shows the alert rules and dashboards of the cluster shown', async () => {
    await renderWithBackend(multiClusterView(), ['/?cluster=gsv-prod']);
    const card = await screen.findByTestId('alert-rules-card');
    expect(
      within(card).getByRole('link', { name: /Platform Overview/ }),
    ).toBeInTheDocument();
    expect(
      within(card)
        .getAllByTestId('rule-row')
        .map(r => r.getAttribute('data-rule')),
    ).toContain('PersistentVolumeFillingUp');
    expect(card.closest('.MuiCard-root')).toHaveTextContent(
      'What watches this service in gsv-prod',
    );
  }, 30_000);

  it('opens on the worst cluster when the URL names none', async () => {
    await renderWithBackend(multiClusterView());
    expect(await screen.findByTestId('ops-headline')).toHaveTextContent(
      'Needs attention',
    );
  });

  it('shows skeletons until the first answer', async () => {
    const api = fakeGsvOpsApi({ entityView: () => new Promise(() => {}) });
    await renderOps(<EntityGsvOpsContent />, { api });
    expect(screen.getByTestId('ops-skeleton')).toHaveAttribute(
      'aria-busy',
      'true',
    );
  });
});

import { screen, waitFor } from '@testing-library/react';
import {
  degradedView,
  healthyView,
  multiClusterView,
  withWorkerClusterView,
} from '../../__fixtures__/entityViews';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { QuickActions } from './QuickActions';

const ENTITY_REF = 'component:default/agent-registry';
const formDataOf = (href: string | null) =>
  JSON.parse(
    new URL(href!, 'http://app').searchParams.get('formData') ?? 'null',
  );

describe('QuickActions', () => {
  it('links each fitting runbook to its template with the form filled in for this service', async () => {
    await renderOps(
      <QuickActions
        entityRef={ENTITY_REF}
        cluster={degradedView().clusters[0]}
      />,
      {
        api: fakeGsvOpsApi(),
      },
    );
    const rollback = await screen.findByRole('button', {
      name: 'Roll back deployment: cmp/agent-registry',
    });
    await waitFor(() =>
      expect(rollback).not.toHaveAttribute('aria-disabled', 'true'),
    );
    expect(rollback.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/gsv-rollback-deployment\?formData=/,
    );
    expect(formDataOf(rollback.getAttribute('href'))).toEqual({
      entityRef: ENTITY_REF,
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry',
      },
    });
    // an HPA manages agent-registry: Scale opens the autoscaler runbook with its current bounds
    const scale = screen.getByRole('button', {
      name: 'Scale autoscaler: cmp/agent-registry',
    });
    expect(scale.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/gsv-scale-autoscaler\?formData=/,
    );
    expect(formDataOf(scale.getAttribute('href')).parameters).toEqual({
      minReplicas: 2,
      maxReplicas: 10,
    });
    const sync = screen.getByRole('button', {
      name: 'Sync Argo CD application: argocd/agent-registry',
    });
    expect(formDataOf(sync.getAttribute('href')).target).toEqual({
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'argocd',
      name: 'agent-registry',
    });
    // the actions that fit the problem come first and stand out
    const labels = screen.getAllByRole('button').map(b => b.textContent);
    expect(labels.slice(0, 2)).toEqual([
      'Roll back agent-registry',
      'Sync agent-registry',
    ]);
    expect(rollback.className).toMatch(/contained/);
    expect(
      screen.queryByTestId('quick-actions-denied'),
    ).not.toBeInTheDocument();
  });

  it('disables the runbooks the user may not run and says which permission is missing', async () => {
    await renderOps(
      <QuickActions
        entityRef={ENTITY_REF}
        cluster={healthyView().clusters[0]}
      />,
      {
        api: fakeGsvOpsApi(),
        permissions: name =>
          name !== 'gsv-ops.deployment.restart' &&
          name !== 'gsv-ops.database.backup',
      },
    );
    const note = await screen.findByTestId('quick-actions-denied');
    expect(note).toHaveTextContent(
      'Greyed-out actions need gsv-ops.deployment.restart, gsv-ops.database.backup on this service',
    );
    expect(
      screen.getByRole('button', {
        name: 'Restart deployment: cmp/agent-registry',
      }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(
      screen.getByRole('button', {
        name: 'Back up database now: cmp/cmp-postgres',
      }),
    ).toHaveAttribute('aria-disabled', 'true');
    await waitFor(() =>
      expect(
        screen.getByRole('button', {
          name: 'Scale autoscaler: cmp/agent-registry',
        }),
      ).not.toHaveAttribute('aria-disabled', 'true'),
    );
  });

  it('needs the production permission on top in a production cluster', async () => {
    const prod = multiClusterView().clusters[1];
    await renderOps(<QuickActions entityRef={ENTITY_REF} cluster={prod} />, {
      api: fakeGsvOpsApi(),
      permissions: name => name !== 'gsv-ops.production.operate',
    });
    expect(await screen.findByTestId('quick-actions-denied')).toHaveTextContent(
      'Operating in production needs gsv-ops.production.operate',
    );
    for (const button of screen.getAllByRole('button')) {
      expect(button).toHaveAttribute('aria-disabled', 'true');
    }
  });

  it('falls back to the scaffolder path when the app did not bind the template route', async () => {
    await renderOps(
      <QuickActions
        entityRef={ENTITY_REF}
        cluster={healthyView().clusters[0]}
      />,
      {
        api: fakeGsvOpsApi(),
        bindTemplates: false,
      },
    );
    const restart = await screen.findByRole('button', {
      name: 'Restart deployment: cmp/agent-registry',
    });
    expect(restart.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/gsv-restart-deployment\?formData=/,
    );
  });

  it('offers "Scale workers" for the deployment the entity names as its workers', async () => {
    await renderOps(
      <QuickActions
        entityRef={ENTITY_REF}
        cluster={withWorkerClusterView()}
        annotations={{
          'gsv.io/worker-deployment': 'cmp/agent-registry-worker',
        }}
      />,
      { api: fakeGsvOpsApi() },
    );
    const button = await screen.findByText(
      'Scale workers (agent-registry-worker)',
    );
    const link = button.closest('a')!;
    expect(link.getAttribute('href')).toMatch(
      /^\/create\/templates\/default\/gsv-scale-deployment\?formData=/,
    );
    expect(formDataOf(link.getAttribute('href'))).toEqual({
      entityRef: ENTITY_REF,
      target: {
        cluster: 'gsv-dev',
        environment: 'dev',
        namespace: 'cmp',
        name: 'agent-registry-worker',
      },
      parameters: { replicas: 2 },
    });
  });
});

import { screen } from '@testing-library/react';
import { healthyView } from '../../__fixtures__/entityViews';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { ApplicationSection } from './ApplicationSection';

const AGENT_REGISTRY = 'component:default/agent-registry';

describe('ApplicationSection', () => {
  const cluster = healthyView().clusters[0];
  const app = cluster.applications[0];

  it('offers the promotion into its environment, prefilled with the environments', async () => {
    const qa = {
      ...app,
      name: 'agent-registry-qa',
      promotion: { fromEnvironment: 'dev', toEnvironment: 'qa' },
    };
    await renderOps(
      <ApplicationSection
        app={qa}
        entityRef={AGENT_REGISTRY}
        cluster={cluster}
      />,
      { api: fakeGsvOpsApi() },
    );
    const promote = await screen.findByRole('button', {
      name: 'Promote image: argocd/agent-registry-qa',
    });
    expect(promote).toHaveTextContent('Promote dev → qa');
    const formData = JSON.parse(
      new URL(promote.getAttribute('href')!, 'http://app').searchParams.get(
        'formData',
      )!,
    );
    expect(formData).toMatchObject({
      entityRef: AGENT_REGISTRY,
      target: { namespace: 'argocd', name: 'agent-registry-qa' },
      parameters: { fromEnvironment: 'dev', toEnvironment: 'qa' },
    });
  });

  it('offers no promotion for the first environment (no promotion in the view), nor without the permission', async () => {
    await renderOps(
      <ApplicationSection
        app={app}
        entityRef={AGENT_REGISTRY}
        cluster={cluster}
      />,
      { api: fakeGsvOpsApi() },
    );
    expect(
      await screen.findByRole('button', {
        name: 'Sync Argo CD application: argocd/agent-registry',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Promote/)).toBeNull();
  });

  it('hides the promotion from someone without gsv-ops.image.promote', async () => {
    const qa = {
      ...app,
      promotion: { fromEnvironment: 'dev', toEnvironment: 'qa' },
    };
    await renderOps(
      <ApplicationSection
        app={qa}
        entityRef={AGENT_REGISTRY}
        cluster={cluster}
      />,
      {
        api: fakeGsvOpsApi(),
        permissions: name => name !== 'gsv-ops.image.promote',
      },
    );
    expect(
      await screen.findByRole('button', {
        name: 'Sync Argo CD application: argocd/agent-registry',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Promote/)).toBeNull();
  });
});

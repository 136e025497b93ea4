import { screen } from '@testing-library/react';
import type { Incident } from '@gsv/plugin-gsv-ops-common';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { OpenIncidentsCard } from './OpenIncidentsCard';

const incident = (id: string, overrides: Partial<Incident>): Incident => ({
  id,
  entityRef: 'component:default/agent-registry',
  severity: 'P3',
  summary: 'Slow answers',
  commander: 'user:default/ann',
  status: 'open',
  declaredBy: 'user:default/ann',
  declaredAt: new Date(Date.now() - 3_600_000).toISOString(),
  notes: [],
  ...overrides,
});

describe('OpenIncidentsCard', () => {
  it('lists the open incidents, worst first, linked to the Ops tab', async () => {
    const api = fakeGsvOpsApi({
      incidents: [
        incident('GSV-INC-00000001', {}),
        incident('GSV-INC-00000002', {
          entityRef: 'component:default/keycloak',
          severity: 'P1',
          summary: 'Nobody can sign in',
        }),
        incident('GSV-INC-00000003', { status: 'resolved', summary: 'Old' }),
      ],
    });
    await renderOps(<OpenIncidentsCard />, { api });
    const rows = await screen.findAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'SeverityServiceSummaryCommanderDeclared',
      'P1keycloakNobody can sign inann1 hour ago',
      'P3agent-registrySlow answersann1 hour ago',
    ]);
    expect(screen.getByRole('link', { name: 'keycloak' })).toHaveAttribute(
      'href',
      '/catalog/default/component/keycloak/ops',
    );
    expect(api.listIncidents).toHaveBeenCalledWith(
      { status: 'open' },
      expect.anything(),
    );
  });

  it('says when no incident is open', async () => {
    await renderOps(<OpenIncidentsCard />, { api: fakeGsvOpsApi() });
    expect(
      await screen.findByText(
        'No incident is open on the services you can see.',
      ),
    ).toBeInTheDocument();
  });

  it('says what failed', async () => {
    await renderOps(<OpenIncidentsCard />, {
      api: fakeGsvOpsApi({ incidents: new Error('backend down') }),
    });
    expect(
      await screen.findByText(
        'Could not load the open incidents: backend down',
      ),
    ).toBeInTheDocument();
  });
});

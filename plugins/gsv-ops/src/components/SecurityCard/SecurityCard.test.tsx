import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import {
  agentRegistrySecurityCluster,
  entitySecurity,
  keycloakSecurityCluster,
} from '../../__fixtures__/security';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { SecurityCard } from './SecurityCard';

const ENTITY = 'component:default/agent-registry';

async function httpError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: status === 403 ? 'NotAllowedError' : 'Error', message },
        request: {
          method: 'GET',
          url: '/entities/component/default/agent-registry/security',
        },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('SecurityCard', () => {
  it('shows the image scans, the unscanned image, the top CVEs and the risky grants', async () => {
    const api = fakeGsvOpsApi({
      entitySecurity: entitySecurity([agentRegistrySecurityCluster()]),
    });
    await renderOps(<SecurityCard entityRef={ENTITY} cluster="gsv-dev" />, {
      api,
    });

    const images = await screen.findByRole('table', { name: 'Image scans' });
    const [, scanned, unscanned] = within(images).getAllByRole('row');
    expect(within(scanned).getByRole('img')).toHaveAccessibleName(
      '2 critical · 3 high · 2 medium · 2 low',
    );
    expect(scanned).toHaveTextContent('Deployment/agent-registry');
    expect(unscanned).toHaveTextContent(
      'ghcr.io/cloudnative-pg/postgresql:16.4',
    );
    expect(unscanned).toHaveTextContent('No scan yet');

    const cves = screen.getByRole('table', { name: 'Top CVEs' });
    expect(
      within(cves).getByRole('link', { name: /CVE-2024-42005/ }),
    ).toHaveAttribute('href', 'https://avd.aquasec.com/nvd/cve-2024-42005');
    expect(cves).toHaveTextContent('1:1.2.13.dfsg-1 → no fix yet');

    expect(screen.getByTestId('failed-logins-none')).toHaveTextContent(
      'keycloak_failed_login_attempts',
    );
    const account = screen.getByTestId('service-account');
    expect(account).toHaveTextContent('cmp/agent-registry');
    expect(within(account).getByText('reads Secrets')).toBeInTheDocument();
    expect(within(account).getByText('exec into pods')).toBeInTheDocument();
    expect(account).toHaveTextContent(
      'via Group system:serviceaccounts:cmp, cluster-wide',
    );
    expect(api.getEntitySecurity).toHaveBeenCalledWith(
      ENTITY,
      expect.objectContaining({ cluster: 'gsv-dev' }),
    );
  });

  it('flags a stale report and summarises failed logins with their burst and reasons', async () => {
    const cluster = keycloakSecurityCluster();
    cluster.vulnerabilities.images[0].report!.stale = true;
    const api = fakeGsvOpsApi({
      entitySecurity: entitySecurity([cluster], 'component:default/keycloak'),
    });
    await renderOps(
      <SecurityCard entityRef="component:default/keycloak" cluster="gsv-dev" />,
      { api },
    );
    expect(
      await screen.findByText('Stale: older than 7 days'),
    ).toBeInTheDocument();
    const logins = screen.getByRole('region', { name: 'Failed logins' });
    expect(logins).toHaveTextContent(
      '3,320 failed logins in the last 24 hours, a burst of 1,804',
    );
    expect(logins).toHaveTextContent(
      'Top reasons: invalid_user_credentials (1,630) · user_not_found (1,210)',
    );
  });

  it('explains a refusal (gsv-ops.security.read) instead of showing an error', async () => {
    const api = fakeGsvOpsApi({
      entitySecurity: await httpError(403, 'You are not allowed'),
    });
    await renderOps(<SecurityCard entityRef={ENTITY} cluster="gsv-dev" />, {
      api,
    });
    expect(await screen.findByTestId('permission-denied')).toHaveTextContent(
      'gsv-ops.security.read',
    );
  });

  it('shows a failure with the backend message and a retry, and says when there is nothing to show', async () => {
    const failing = fakeGsvOpsApi({
      entitySecurity: await httpError(500, 'Prometheus is unreachable'),
    });
    const { unmount } = await renderOps(
      <SecurityCard entityRef={ENTITY} cluster="gsv-dev" />,
      { api: failing },
    );
    const alert = await screen.findByTestId('security-failed');
    expect(alert).toHaveTextContent('Prometheus is unreachable');
    expect(
      within(alert).getByRole('button', { name: 'Try again' }),
    ).toBeInTheDocument();
    unmount();

    const empty = fakeGsvOpsApi({ entitySecurity: entitySecurity([]) });
    await renderOps(<SecurityCard entityRef={ENTITY} cluster="gsv-dev" />, {
      api: empty,
    });
    expect(await screen.findByTestId('security-empty')).toHaveTextContent(
      'no workloads in gsv-dev',
    );
  });

  it('says so when trivy-operator has scanned none of the images', async () => {
    const cluster = agentRegistrySecurityCluster();
    cluster.vulnerabilities = {
      ...cluster.vulnerabilities,
      images: cluster.vulnerabilities.images.map(
        ({ report: _report, ...scan }) => scan,
      ),
      topCves: [],
    };
    cluster.unavailable = [
      'vulnerabilityreports: trivy-operator is not installed (no VulnerabilityReport CRD)',
    ];
    const api = fakeGsvOpsApi({ entitySecurity: entitySecurity([cluster]) });
    await renderOps(<SecurityCard entityRef={ENTITY} cluster="gsv-dev" />, {
      api,
    });
    expect(await screen.findByText(/Nothing scanned yet/)).toBeInTheDocument();
    expect(screen.getByTestId('security-unavailable')).toHaveTextContent(
      'trivy-operator is not installed',
    );
  });
});

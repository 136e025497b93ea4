import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { platformSecurity } from '../../__fixtures__/security';
import { fakeGsvOpsApi, renderOps } from '../../__testUtils__/renderOps';
import { PlatformSecurityTable } from './PlatformSecurityTable';

describe('PlatformSecurityTable', () => {
  it('lists each service with its CVE counts, scans, risky service accounts and failed logins', async () => {
    const api = fakeGsvOpsApi({ platformSecurity: platformSecurity() });
    await renderOps(<PlatformSecurityTable />, { api });
    const table = await screen.findByTestId('platform-security');
    const [agent, keycloak, redis] = within(table).getAllByRole('row').slice(1);
    expect(
      within(agent).getByRole('link', { name: 'agent-registry' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/agent-registry/ops?cluster=gsv-dev',
    );
    expect(within(agent).getByRole('img')).toHaveAccessibleName(
      '2 critical · 3 high · 2 medium · 2 low',
    );
    expect(agent).toHaveTextContent('reads Secrets');
    expect(keycloak).toHaveTextContent('3,320');
    expect(redis).toHaveTextContent('1 image, 1 stale');
    expect(within(redis).queryByRole('link')).toBeNull();
    expect(screen.getByTestId('platform-security-notes')).toHaveTextContent(
      '3 more services not shown',
    );
  });

  it('explains a refusal and shows an empty fleet', async () => {
    const denied = fakeGsvOpsApi({
      platformSecurity: await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: gsv-ops.platform.read',
            },
            request: { method: 'GET', url: '/platform/security' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    });
    const { unmount } = await renderOps(<PlatformSecurityTable />, {
      api: denied,
    });
    expect(
      await screen.findByTestId('platform-security-failed'),
    ).toHaveTextContent('gsv-ops.platform.read');
    unmount();

    await renderOps(<PlatformSecurityTable />, { api: fakeGsvOpsApi() });
    expect(
      await screen.findByTestId('platform-security-empty'),
    ).toHaveTextContent('Nothing to show');
  });
});

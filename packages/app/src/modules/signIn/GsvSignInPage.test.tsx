import {
  renderInTestApp,
  TestApiProvider,
  mockApis,
} from '@backstage/frontend-test-utils';
import {
  configApiRef,
  discoveryApiRef,
  githubAuthApiRef,
} from '@backstage/frontend-plugin-api';
import { screen } from '@testing-library/react';
import { GsvSignInPage } from './GsvSignInPage';

describe('GsvSignInPage', () => {
  const render = (config: object) =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [
            configApiRef,
            mockApis.config({
              data: {
                app: { title: 'GSV Ops' },
                backend: { baseUrl: 'http://localhost:7007' },
                ...config,
              },
            }),
          ],
          [discoveryApiRef, mockApis.discovery()],
          // signed out: auto sign-in finds no session and shows the providers
          [
            githubAuthApiRef,
            {
              getBackstageIdentity: async () => undefined,
              getProfile: async () => undefined,
              signOut: async () => undefined,
              sessionState$: () => ({ subscribe: () => ({}) }),
            } as any,
          ],
        ]}
      >
        <GsvSignInPage onSignInSuccess={() => undefined} />
      </TestApiProvider>,
    );

  it('offers the guest locally', async () => {
    await render({});
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });

  it('offers GitHub, and no guest, in production', async () => {
    await render({ auth: { environment: 'production' } });
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});

import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * backend-test-utils' mock auth drops the acting plugin from on-behalf-of tokens: a plugin calling another on behalf
 * of a user then looks like the user calling directly, and the permission backend refuses the catalog's conditional
 * queries ("Direct user requests without a resourceRef are not allowed"). With real auth the actor is kept. These
 * factories keep it too, so a test backend can run the real permission framework with mock credentials.
 */
const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

function onBehalfOf(token: string): BackstageCredentials | undefined {
  if (!token.startsWith(MOCK_SERVICE_TOKEN_PREFIX)) return undefined;
  const { sub, obo } = JSON.parse(
    token.slice(MOCK_SERVICE_TOKEN_PREFIX.length),
  ) as { sub?: string; obo?: string };
  return obo && sub
    ? mockCredentials.user(obo, { actor: { subject: sub } })
    : undefined;
}

export const mockAuthWithActorsFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const base = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: async (token, options) => {
        const credentials = await base.authenticate(token, options);
        return onBehalfOf(token) ?? credentials;
      },
      getNoneCredentials: () => base.getNoneCredentials(),
      getOwnServiceCredentials: () => base.getOwnServiceCredentials(),
      isPrincipal: base.isPrincipal.bind(base) as AuthService['isPrincipal'],
      getPluginRequestToken: async options => {
        const credentials = options.onBehalfOf;
        if (!base.isPrincipal(credentials, 'user')) {
          return base.getPluginRequestToken(options);
        }
        // The same token the mock issues, plus the acting plugin as `sub`.
        const claims = {
          sub: `plugin:${plugin.getId()}`,
          obo: credentials.principal.userEntityRef,
          target: options.targetPluginId,
        };
        return {
          token: `${MOCK_SERVICE_TOKEN_PREFIX}${JSON.stringify(claims)}`,
        };
      },
      getLimitedUserToken: credentials => base.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => base.listPublicServiceKeys(),
    };
  },
});

export const mockHttpAuthWithActorsFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata, auth: coreServices.auth },
  factory({ plugin, auth }): HttpAuthService {
    // Requests without a token are anonymous, as in a real backend (the mock's default is a signed-in user).
    const base = mockServices.httpAuth({
      pluginId: plugin.getId(),
      defaultCredentials: mockCredentials.none(),
    });
    return {
      credentials: (async (req, options) => {
        const token = /^Bearer (.+)$/.exec(
          req.headers.authorization ?? '',
        )?.[1];
        if (
          token &&
          onBehalfOf(token) &&
          (!options?.allow || (options.allow as string[]).includes('user'))
        ) {
          return auth.authenticate(token);
        }
        return base.credentials(req, options);
      }) as HttpAuthService['credentials'],
      issueUserCookie: (res, options) => base.issueUserCookie(res, options),
    };
  },
});

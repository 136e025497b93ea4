import {
  SignInPage,
  type SignInProviderConfig,
} from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';

const github: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * Guest sign-in for local use (app-config.yaml); GitHub when `auth.environment` is `production`
 * (app-config.production.yaml), where the backend has no guest provider.
 */
export const GsvSignInPage = (props: SignInPageProps) => {
  const configApi = useApi(configApiRef);
  const production =
    configApi.getOptionalString('auth.environment') === 'production';
  return (
    <SignInPage {...props} auto providers={production ? [github] : ['guest']} />
  );
};

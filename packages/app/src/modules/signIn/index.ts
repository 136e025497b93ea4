import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: () => import('./GsvSignInPage').then(m => m.GsvSignInPage),
  },
});

/** The sign-in page: the guest locally, GitHub in production. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});

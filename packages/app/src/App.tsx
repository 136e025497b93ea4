import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import gsvOpsPlugin from '@gsv/plugin-gsv-ops/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

/**
 * The plugins and the nav, listed rather than discovered so that the tests render the same app; the sign-in page
 * comes on top (a test app signs in by itself).
 */
export const features = [
  catalogPlugin,
  catalogGraphPlugin,
  orgPlugin,
  kubernetesPlugin,
  scaffolderPlugin,
  userSettingsPlugin,
  gsvOpsPlugin,
  notificationsPlugin,
  signalsPlugin,
  navModule,
];

export default createApp({ features: [...features, signInModule] });

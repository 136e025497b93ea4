import { ApiBlueprint, PageBlueprint } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import HealthIcon from '@material-ui/icons/LocalHospital';
import { gsvOpsApiFactory } from '../api/gsvOpsApiFactory';
import { OPS_TAB_PATH } from '../hooks/useOpsTabLink';
import { isGsvOpsAvailable } from '../isGsvOpsAvailable';
import { platformHealthRouteRef, rootRouteRef } from '../routes';

/** `api:gsv-ops`: the GSV Ops backend client. */
export const gsvOpsApi = ApiBlueprint.make({
  params: defineParams => defineParams(gsvOpsApiFactory),
});

/** `entity-content:gsv-ops/ops`: the Ops tab, on entities with GSV Ops annotations. */
export const gsvOpsEntityContent = EntityContentBlueprint.make({
  name: 'ops',
  params: {
    // the platform page and the runbooks link to `<entity page>/ops`
    path: OPS_TAB_PATH,
    title: 'Ops',
    routeRef: rootRouteRef,
    filter: isGsvOpsAvailable,
    loader: () =>
      import('../components/EntityGsvOpsContent').then(m => (
        <m.EntityGsvOpsContent />
      )),
  },
});

/** `entity-card:gsv-ops/summary`: the Ops summary on the entity's overview. */
export const gsvOpsEntityCard = EntityCardBlueprint.make({
  name: 'summary',
  params: {
    filter: isGsvOpsAvailable,
    loader: () =>
      import('../components/EntityGsvOpsCard').then(m => (
        <m.EntityGsvOpsCard />
      )),
  },
});

/** `page:gsv-ops/platform-health`: the platform health page, in the sidebar as "Platform health". */
export const gsvOpsPlatformHealthPage = PageBlueprint.make({
  name: 'platform-health',
  params: {
    path: '/platform-health',
    title: 'Platform health',
    icon: <HealthIcon fontSize="inherit" />,
    routeRef: platformHealthRouteRef,
    // the page brings its own header, with the clusters it shows
    noHeader: true,
    loader: () =>
      import('../components/GsvPlatformHealthPage').then(m => (
        <m.GsvPlatformHealthPage />
      )),
  },
});

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// events: the bus other plugins publish and subscribe to (the catalog and the scaffolder look for it at start)
backend.add(import('@backstage/plugin-events-backend'));

// auth: guest sign-in for local use (app-config.yaml), GitHub in production (app-config.production.yaml)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// catalog, with the Template kind for the runbook templates
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: the GSV policy (owners operate in non-production, the platform team everywhere)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@gsv/plugin-permission-backend-module-gsv-policy'));

// scaffolder, with the GSV runbook actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@gsv/plugin-scaffolder-backend-module-gsv-runbooks'));

// the official Kubernetes plugin, side by side with GSV Ops on the same clusters
backend.add(import('@backstage/plugin-kubernetes-backend'));

// GSV Ops: the Ops views and the operations engine
backend.add(import('@gsv/plugin-gsv-ops-backend'));

// notifications (GSV Ops tells requesters and owners) and signals (open pages update without polling)
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// MCP: the actions registry's actions (GSV Ops' reads and runbooks, backend.actions.pluginSources) as MCP tools
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();

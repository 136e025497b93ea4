/* eslint-disable no-console */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  guestToken,
  REPO_ROOT,
  waitFor,
  type DevCluster,
  type Processes,
} from './stack';

/** A second sign-in for a replica: the guest provider of that backend signs in as this person. */
export interface GuestIdentity {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

const TITLES: Record<string, string> = {
  'gsv-dev': 'GSV dev (embedded)',
  'gsv-prod': 'GSV production (embedded)',
};

/**
 * One Backstage backend of the stack (serving the app build) on a free port, with both embedded clusters, GSV Ops'
 * tables in `sharedDir` (replicas of one stack share them) and `extraConfig` lines appended to its config. Waits
 * until it is ready and agent-registry is in its catalog; returns its URL.
 */
export async function startBackend(
  processes: Processes,
  options: {
    name: string;
    work: string;
    sharedDir: string;
    clusters: DevCluster[];
    extraConfig?: string[];
    guest?: GuestIdentity;
  },
): Promise<string> {
  const { work, sharedDir, clusters } = options;
  const [dev] = clusters;
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const config = join(work, `app-config.${options.name}.yaml`);
  const guest = options.guest
    ? [
        'auth:',
        '  providers:',
        '    guest:',
        `      userEntityRef: ${options.guest.userEntityRef}`,
        `      ownershipEntityRefs: [${options.guest.ownershipEntityRefs.join(
          ', ',
        )}]`,
      ]
    : [];
  writeFileSync(
    config,
    [
      'app:',
      `  baseUrl: ${appUrl}`,
      'backend:',
      `  baseUrl: ${appUrl}`,
      '  listen:',
      `    port: ${port}`,
      '    host: 127.0.0.1',
      '  cors:',
      `    origin: ${appUrl}`,
      '  database:',
      '    client: better-sqlite3',
      "    connection: ':memory:'",
      // GSV Ops' and the notifications' tables in files that the replicas of a stack share, as replicas share a
      // database
      '    plugin:',
      ...['gsv-ops', 'notifications'].flatMap(plugin => [
        `      ${plugin}:`,
        '        connection:',
        // Backstage joins the two; an absolute filename alone would be taken relative to the working directory
        `          directory: ${sharedDir}`,
        `          filename: ${plugin}.sqlite`,
      ]),
      'kubernetes:',
      '  serviceLocatorMethod:',
      '    type: multiTenant',
      '  clusterLocatorMethods:',
      '    - type: config',
      '      clusters:',
      ...clusters.flatMap(cluster => [
        `        - name: ${cluster.name}`,
        `          title: ${TITLES[cluster.name] ?? cluster.name}`,
        `          url: ${cluster.url}`,
        '          authProvider: serviceAccount',
        `          serviceAccountToken: ${cluster.readerToken}`,
        `          caData: ${cluster.caData}`,
      ]),
      'gsvOps:',
      '  clusters:',
      ...clusters.flatMap(cluster => [
        `    ${cluster.name}:`,
        `      environment: ${cluster.name === 'gsv-prod' ? 'prod' : 'dev'}`,
        `      serviceAccountToken: ${cluster.token}`,
        // each embedded cluster's own Prometheus and Alertmanager (key metrics, alerts, recommendations)
        ...(cluster.prometheusUrl
          ? ['      prometheus:', `        baseUrl: ${cluster.prometheusUrl}`]
          : []),
        ...(cluster.alertmanagerUrl
          ? [
              '      alertmanager:',
              `        baseUrl: ${cluster.alertmanagerUrl}`,
            ]
          : []),
      ]),
      '',
    ].join('\n'),
  );
  // each in a file of its own: later files override the keys they name
  const overrides = [options.extraConfig ?? [], guest]
    .filter(lines => lines.length > 0)
    .map((lines, i) => {
      const file = join(work, `app-config.${options.name}.${i}.yaml`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    });
  // Not `backstage-cli package start`: that one restarts on every source change, and others edit this checkout.
  // Backstage's node transform runs the TypeScript sources once, as the devcluster's bin does.
  processes.start(
    options.name,
    process.execPath,
    [
      '--require',
      join(REPO_ROOT, 'node_modules/@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      join(REPO_ROOT, 'app-config.yaml'),
      '--config',
      config,
      ...overrides.flatMap(file => ['--config', file]),
    ],
    {
      cwd: join(REPO_ROOT, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        // app-config.yaml refers to these; the e2e config above lists both clusters explicitly
        GSV_DEVCLUSTER_URL: dev.url,
        GSV_DEVCLUSTER_TOKEN: dev.token,
        GSV_DEVCLUSTER_READER_TOKEN: dev.readerToken,
        GSV_DEVCLUSTER_CA_DATA: dev.caData,
        GSV_DEVCLUSTER_PROMETHEUS_URL: dev.prometheusUrl ?? '',
        GSV_DEVCLUSTER_ALERTMANAGER_URL: dev.alertmanagerUrl ?? '',
      },
    },
  );
  await waitFor(
    'the backend to be ready',
    async () => {
      const response = await fetch(`${appUrl}/.backstage/health/v1/readiness`);
      return response.ok ? true : undefined;
    },
    {
      timeoutMs: 240_000,
      intervalMs: 1000,
      onTimeout: () => processes.logs(),
    },
  );
  // The catalog reads catalog-info.yaml shortly after start; the Ops tab needs agent-registry in it.
  const token = await guestToken(appUrl);
  await waitFor(
    'agent-registry in the catalog',
    async () => {
      const response = await fetch(
        `${appUrl}/api/catalog/entities/by-name/component/default/agent-registry`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      return response.ok ? true : undefined;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 1000,
      onTimeout: () => processes.logs(),
    },
  );
  return appUrl;
}

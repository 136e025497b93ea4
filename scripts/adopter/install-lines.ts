import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the root README's "Install the plugins into your Backstage" section tells an adopter to add to the app that
 * `@backstage/create-app` generates — the one place these lines are written down for the test. `npm run test:adopter`
 * adds exactly these to a fresh app, and fails when the README does not show each block verbatim.
 */

/** The packages per workspace of the generated app, as `yarn workspace <name> add` puts them (caret ranges). */
export const WORKSPACE_PACKAGES: Record<'backend' | 'app', string[]> = {
  backend: [
    '@gsv/plugin-gsv-ops-backend',
    '@gsv/plugin-scaffolder-backend-module-gsv-runbooks',
    '@gsv/plugin-permission-backend-module-gsv-policy',
  ],
  app: ['@gsv/plugin-gsv-ops'],
};

export const INSTALL_COMMANDS = Object.entries(WORKSPACE_PACKAGES)
  .map(
    ([workspace, names]) =>
      `yarn workspace ${workspace} add ${names.join(' ')}`,
  )
  .join('\n');

/** packages/backend/src/index.ts: the lines added before `backend.start()`. */
export const BACKEND_LINES = [
  "backend.add(import('@gsv/plugin-gsv-ops-backend'));",
  "backend.add(import('@gsv/plugin-scaffolder-backend-module-gsv-runbooks'));",
  "backend.add(import('@gsv/plugin-permission-backend-module-gsv-policy'));",
];

/** packages/backend/src/index.ts: the statement removed (one permission policy per backend: ours replaces it). */
export const BACKEND_REMOVED = `backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);`;

/**
 * app-config.yaml: the keys set. Each top-level key replaces the generated one (`kubernetes:` is empty there), except
 * `catalog.locations`, whose entry is appended to the generated list.
 */
export const APP_CONFIG = `kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: gsv-dev
          url: \${K8S_DEV_URL}
          authProvider: serviceAccount
          serviceAccountToken: \${K8S_DEV_READ_TOKEN}   # read-only, for the official Kubernetes plugin
          caData: \${K8S_DEV_CA_DATA}

gsvOps:
  clusters:
    gsv-dev:
      environment: dev                           # dev | qa | prod
      serviceAccountToken: \${GSV_OPS_DEV_TOKEN}  # GSV Ops' own service account: the runbooks' writes
  policy:
    platformTeams: [group:default/platform-team]

catalog:
  locations:
    # the runbook templates, shipped in the scaffolder module's package
    - type: file
      target: ../../node_modules/@gsv/plugin-scaffolder-backend-module-gsv-runbooks/templates/all.yaml
      rules:
        - allow: [Template, Location]
`;

/** The README's blocks, as they appear in it. */
export function readmeBlocks(): Array<{ name: string; text: string }> {
  return [
    { name: 'install commands', text: `\`\`\`sh\n${INSTALL_COMMANDS}\n\`\`\`` },
    {
      name: 'backend lines',
      text: `\`\`\`ts\n// packages/backend/src/index.ts\n${BACKEND_LINES.join(
        '\n',
      )}\n\`\`\``,
    },
    {
      name: 'the removed allow-all policy',
      text: `\`\`\`ts\n// packages/backend/src/index.ts: remove (one permission policy per backend)\n${BACKEND_REMOVED}\n\`\`\``,
    },
    {
      name: 'app-config',
      text: `\`\`\`yaml\n# app-config.yaml\n${APP_CONFIG}\`\`\``,
    },
  ];
}

/** The blocks the README at `repoRoot` does not show verbatim. */
export function missingFromReadme(repoRoot: string): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  return readmeBlocks()
    .filter(block => !readme.includes(block.text))
    .map(block => `${block.name}:\n${block.text}`);
}

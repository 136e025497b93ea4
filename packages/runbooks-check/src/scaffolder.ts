import fs from 'node:fs';
import path from 'node:path';
import { createTemplateRenderer } from 'nunjitsu';
import { mockServices } from '@backstage/backend-test-utils';
import { GSV_OPS_FIELD_NAMES, GsvOpsClient } from '@gsv/plugin-gsv-ops-common';
import {
  createCheckActions,
  createRunbookActions,
  type RunbookTemplateAction,
} from '@gsv/plugin-scaffolder-backend-module-gsv-runbooks';
import { repositoryCheckout } from './repositoryFiles';

/** The `ui:field`s the scaffolder frontend knows: its built-in ones and the GSV Ops ones wired into the app. */
export function knownFieldExtensions(): {
  names: Set<string>;
  notes: string[];
} {
  const notes: string[] = [];
  const names = new Set<string>();
  const scaffolderDir = path.dirname(
    require.resolve('@backstage/plugin-scaffolder/package.json'),
  );
  const pluginSource = fs.readFileSync(
    path.join(scaffolderDir, 'dist/plugin.esm.js'),
    'utf8',
  );
  for (const call of pluginSource
    .split('createScaffolderFieldExtension(')
    .slice(1)) {
    const name = /name: "([A-Za-z]+)"/.exec(call.slice(0, 400))?.[1];
    if (name) names.add(name);
  }
  notes.push(
    `built-in fields of @backstage/plugin-scaffolder: ${[...names]
      .sort()
      .join(', ')}`,
  );

  const checkout = repositoryCheckout();
  const gsvOpsFields = checkout
    ? gsvOpsFieldsInTheApp(checkout, notes)
    : Object.values(GSV_OPS_FIELD_NAMES);
  if (!checkout) {
    notes.push(
      `fields of @gsv/plugin-gsv-ops (your app must install it): ${gsvOpsFields.join(
        ', ',
      )}`,
    );
  }
  for (const name of gsvOpsFields) names.add(name);
  return { names, notes };
}

/**
 * In the GSV Ops repository, the GSV Ops fields its app (new frontend system) gives the scaffolder: the app installs
 * `@gsv/plugin-gsv-ops/alpha`, the plugin declares a `scaffolder-form-field:gsv-ops/<field>` extension for the field,
 * and app-config.yaml does not disable it.
 */
function gsvOpsFieldsInTheApp(checkout: string, notes: string[]): string[] {
  const read = (file: string) =>
    fs.readFileSync(path.join(checkout, file), 'utf8');
  const app = read('packages/app/src/App.tsx');
  const binding = /import (\w+) from '@gsv\/plugin-gsv-ops\/alpha'/.exec(
    app,
  )?.[1];
  const features = /features = \[([\s\S]*?)\]/.exec(app)?.[1] ?? '';
  if (!binding || !new RegExp(`\\b${binding}\\b`).test(features)) {
    notes.push(
      'packages/app/src/App.tsx does NOT install @gsv/plugin-gsv-ops/alpha among its features',
    );
    return [];
  }
  const declared = read('plugins/gsv-ops/src/alpha/formFields.ts');
  const config = read('app-config.yaml');
  const found: string[] = [];
  for (const [key, name] of Object.entries(GSV_OPS_FIELD_NAMES)) {
    const short = key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
    const id = `scaffolder-form-field:gsv-ops/${short}`;
    if (!declared.includes(`name: '${short}'`)) {
      notes.push(`${name}: the plugin declares no ${id} extension`);
    } else if (
      new RegExp(`${id}:\\s*(false|\\n\\s*disabled: true)`).test(config)
    ) {
      notes.push(`${name}: ${id} is disabled in app-config.yaml`);
    } else {
      found.push(name);
      notes.push(`${name} is in the app (${id})`);
    }
  }
  return found;
}

/** An action the module registers: a runbook action or a read-only check. */
export type ModuleAction =
  | RunbookTemplateAction
  | ReturnType<typeof createCheckActions>[number];

/** The module's real action objects (their JSON Schemas are what the scaffolder validates step inputs against). */
export function realActions(): Map<string, ModuleAction> {
  const client = new GsvOpsClient({
    discoveryApi: {
      getBaseUrl: async () => {
        throw new Error('the static check does not call the backend');
      },
    },
  });
  const auth = mockServices.auth();
  const actions: ModuleAction[] = [
    ...createRunbookActions({
      client,
      auth,
      appBaseUrl: 'http://localhost:3000',
    }),
    ...createCheckActions({ client, auth }),
  ];
  return new Map(actions.map(action => [action.id, action]));
}

/** Renders a step's input the way the scaffolder's workflow runner does (nunjitsu, single expressions keep types). */
export function renderStepInput(
  input: unknown,
  parameters: Record<string, unknown>,
): any {
  const renderer = createTemplateRenderer({
    allowRegexExecution: true,
    filters: {},
    globals: {},
  });
  const context = renderer.prepareContext({
    parameters,
    steps: {},
    user: { ref: 'user:default/guest' },
    context: { task: { id: 'template-check' } },
  } as any);
  const rendered = JSON.parse(JSON.stringify(input), (_key, value) =>
    typeof value === 'string' ? renderer.renderValue(value, context) : value,
  );
  // the renderer returns objects without a prototype; compare them as plain JSON
  return JSON.parse(JSON.stringify(rendered));
}

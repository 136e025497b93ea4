import fs from 'node:fs';
import path from 'node:path';
import { createTemplateRenderer } from 'nunjitsu';
import { mockServices } from '@backstage/backend-test-utils';
import { GsvOpsClient } from '@gsv/plugin-gsv-ops-common';
import { createRunbookActions } from '../../src/lib/createRunbookActions';
import type { RunbookTemplateAction } from '../../src/lib/createRunbookAction';
import { loadRunbookForm } from './runbookForm';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

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

  const app = fs.readFileSync(
    path.join(REPO_ROOT, 'packages/app/src/App.tsx'),
    'utf8',
  );
  const wiring =
    /<ScaffolderFieldExtensions>([\s\S]*?)<\/ScaffolderFieldExtensions>/.exec(
      app,
    )?.[1] ?? '';
  for (const name of Object.values(loadRunbookForm().GSV_OPS_FIELD_NAMES)) {
    if (wiring.includes(`<${name}FieldExtension />`)) {
      names.add(name);
      notes.push(`${name} is wired into packages/app/src/App.tsx`);
    } else {
      notes.push(
        `${name} is NOT wired into <ScaffolderFieldExtensions> in packages/app/src/App.tsx`,
      );
    }
  }
  return { names, notes };
}

/** The module's real action objects (their JSON Schemas are what the scaffolder validates step inputs against). */
export function realActions(): Map<string, RunbookTemplateAction> {
  const actions = createRunbookActions({
    client: new GsvOpsClient({
      discoveryApi: {
        getBaseUrl: async () => {
          throw new Error('the static check does not call the backend');
        },
      },
    }),
    auth: mockServices.auth(),
    appBaseUrl: 'http://localhost:3000',
  });
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

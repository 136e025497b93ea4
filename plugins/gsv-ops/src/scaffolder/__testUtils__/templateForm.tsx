import type { JsonObject, JsonValue } from '@backstage/types';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import type { FieldExtensionOptions } from '@backstage/plugin-scaffolder-react';
import type { GsvOpsApi, OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { dryRunReviewField, targetPickerField } from '../fields';

/** The field extensions as the scaffolder receives them from `<ScaffolderFieldExtensions>`. */
export const fieldExtensions: FieldExtensionOptions<any, any>[] = [
  targetPickerField,
  dryRunReviewField,
];

/** A typed fake of the operations part of the GSV Ops API. */
export function fakeApi(): jest.Mocked<GsvOpsApi> {
  return {
    getEntityView: jest.fn(),
    getPlatformHealth: jest.fn(),
    listTargets: jest.fn(),
    startOperation: jest.fn(),
    getOperation: jest.fn(),
    cancelOperation: jest.fn(),
    listOperations: jest.fn(),
    getMaintenanceCalendar: jest.fn(async () => {
      throw new Error('no calendar in this test');
    }),
  } as unknown as jest.Mocked<GsvOpsApi>;
}

/** Renders the scaffolder's own form stepper with the GSV Ops fields, for one page of a template. */
export async function renderTemplateForm(options: {
  api: GsvOpsApi;
  page?: JsonObject;
  /** Several pages, each `{ title, schema }`. */
  pages?: Array<{ title: string; schema: JsonObject }>;
  initialState?: Record<string, JsonValue>;
  onCreate?: jest.Mock;
}) {
  const onCreate = options.onCreate ?? jest.fn(async () => {});
  const rendered = await renderInTestApp(
    <TestApiProvider apis={[[gsvOpsApiRef, options.api]]}>
      <Stepper
        manifest={{
          title: 'GSV runbook',
          steps: options.pages ?? [
            { title: 'Page', schema: options.page ?? {} },
          ],
        }}
        extensions={fieldExtensions}
        initialState={options.initialState}
        onCreate={onCreate}
      />
    </TestApiProvider>,
  );
  return { ...rendered, onCreate };
}

export function dryRunRecord(
  overrides: Partial<OperationRecord> = {},
): OperationRecord {
  return {
    id: 'op-dry-1',
    runbook: 'deployment-scale',
    entityRef: 'component:default/agent-registry',
    cluster: 'gsv-dev',
    environment: 'dev',
    target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
    parameters: { namespace: 'cmp', deployment: 'agent-registry', replicas: 3 },
    dryRun: true,
    status: 'succeeded',
    initiatedBy: 'user:default/guest',
    createdAt: '2026-11-24T10:00:00Z',
    finishedAt: '2026-11-24T10:00:01Z',
    summary: 'Dry run: 1 object would change',
    steps: [
      {
        index: 0,
        name: 'policy',
        status: 'succeeded',
        message: 'Inside the maintenance window of dev',
        startedAt: '2026-11-24T10:00:00Z',
      },
      {
        index: 1,
        name: 'plan',
        status: 'succeeded',
        message: 'Would scale from 2 to 3 replicas',
        startedAt: '2026-11-24T10:00:00Z',
        detail: {
          object: {
            kind: 'Deployment',
            namespace: 'cmp',
            name: 'agent-registry',
          },
          diff: '- spec.replicas: 2\n+ spec.replicas: 3',
        },
      },
    ],
    ...overrides,
  };
}

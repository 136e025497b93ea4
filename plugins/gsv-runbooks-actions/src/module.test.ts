import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { RUNBOOKS } from '@gsv/plugin-gsv-ops-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { scaffolderModuleGsvRunbooks } from './module';

/** Every property of a JSON Schema, with its path, recursively. */
function properties(schema: any, path = ''): Array<[string, any]> {
  const own = Object.entries<any>(schema?.properties ?? {}).flatMap(
    ([key, value]) => [
      [`${path}${key}`, value] as [string, any],
      ...properties(value, `${path}${key}.`),
    ],
  );
  return own;
}

describe('scaffolderModuleGsvRunbooks', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  async function startWithModule() {
    const actions: TemplateAction<any, any, any>[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...added: any[]) => actions.push(...added) },
        ],
      ],
      features: [
        scaffolderModuleGsvRunbooks,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'https://backstage.example' } },
        }),
        mockServices.discovery.factory(),
      ],
    });
    return { actions, backend };
  }

  it('registers one action per runbook, with the runbook’s action id, and the read-only checks', async () => {
    const { actions, backend } = await startWithModule();
    try {
      expect(actions.map(a => a.id)).toEqual([
        ...RUNBOOKS.map(r => r.actionId),
        'gsv:service:check-health',
        'gsv:database:check-restorable',
      ]);
      for (const action of actions) {
        expect(action.supportsDryRun).toBe(true);
        expect(action.examples?.length).toBeGreaterThanOrEqual(2);
        expect(action.description).toMatch(/ops guide \d+\.\d+/);
      }
    } finally {
      await backend.stop();
    }
  });

  it('describes every input and output field', async () => {
    const { actions, backend } = await startWithModule();
    try {
      for (const action of actions) {
        const fields = [
          ...properties(action.schema?.input),
          ...properties(action.schema?.output),
        ];
        const isCheck = /:check-/.test(action.id);
        expect(fields.length).toBeGreaterThan(isCheck ? 5 : 8);
        const undocumented = fields
          .filter(([, schema]) => !schema.description)
          .map(([path]) => `${action.id} ${path}`);
        expect(undocumented).toEqual([]);
      }
    } finally {
      await backend.stop();
    }
  });

  it('puts the runbook’s parameter schema from gsv-ops-common into the input schema', async () => {
    const { actions, backend } = await startWithModule();
    try {
      const scale = actions.find(a => a.id === 'gsv:deployment:scale')!;
      const input = scale.schema!.input as any;
      expect(input.required).toEqual(
        expect.arrayContaining(['entityRef', 'cluster', 'parameters']),
      );
      expect(input.additionalProperties).toBe(false);
      expect(input.properties.parameters.properties.replicas).toMatchObject({
        type: 'integer',
        minimum: 0,
        maximum: 100,
      });
      expect(input.properties.parameters.required).toEqual([
        'namespace',
        'deployment',
        'replicas',
      ]);
      expect(input.properties.incident.properties.severity.enum).toEqual([
        'P1',
        'P2',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('calls gsv-ops through discovery with app.baseUrl for the Ops tab link', async () => {
    const { actions, backend } = await startWithModule();
    const seen: string[] = [];
    // mockServices.discovery resolves plugins to http://localhost:0/api/<pluginId>
    server.use(
      http.post(
        'http://localhost:0/api/gsv-ops/operations',
        async ({ request }) => {
          seen.push(request.url);
          const body = (await request.json()) as any;
          return HttpResponse.json(
            {
              id: 'op-9',
              ...body,
              environment: 'dev',
              target: {
                kind: 'Certificate',
                namespace: 'cmp',
                name: 'agent-registry-tls',
              },
              status: 'succeeded',
              initiatedBy: 'user:default/mock',
              createdAt: new Date().toISOString(),
              summary: 'Dry run: the Issuing condition would be set',
              steps: [],
            },
            { status: 201 },
          );
        },
      ),
    );
    try {
      const renew = actions.find(a => a.id === 'gsv:certificate:renew')!;
      const ctx = {
        ...createMockActionContext({
          input: {
            entityRef: 'component:default/agent-registry',
            cluster: 'gsv-dev',
            parameters: { namespace: 'cmp', certificate: 'agent-registry-tls' },
          },
        }),
        isDryRun: true,
      };
      await renew.handler(ctx);
      expect(seen).toEqual(['http://localhost:0/api/gsv-ops/operations']);
      expect(ctx.output).toHaveBeenCalledWith(
        'opsTabUrl',
        'https://backstage.example/catalog/default/component/agent-registry/ops',
      );
    } finally {
      await backend.stop();
    }
  });
});

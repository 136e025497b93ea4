import express from 'express';
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockCredentials, startTestBackend } from '@backstage/backend-test-utils';
import { gsvOpsOperationsServiceRef, type GsvOpsOperationsService } from './operations';

describe('gsvOpsOperationsServiceRef', () => {
  it('calls the gsv-ops plugin’s operations API on behalf of the caller', async () => {
    const seen: Array<{ method: string; path: string; user: string; body?: unknown }> = [];
    // the gsv-ops plugin's HTTP API, as far as this service uses it
    const gsvOps = createBackendPlugin({
      pluginId: 'gsv-ops',
      register(env) {
        env.registerInit({
          deps: { httpRouter: coreServices.httpRouter, httpAuth: coreServices.httpAuth },
          async init({ httpRouter, httpAuth }) {
            const router = express.Router();
            router.use(express.json());
            router.all('/operations*', async (req, res) => {
              const credentials = await httpAuth.credentials(req, { allow: ['user'] });
              seen.push({ method: req.method, path: req.path, user: credentials.principal.userEntityRef, body: req.body });
              res.status(req.method === 'POST' && req.path === '/operations' ? 201 : 200).json(
                req.path === '/operations' && req.method === 'GET' ? { items: [] } : { id: 'op-1', status: 'succeeded' },
              );
            });
            httpRouter.use(router);
          },
        });
      },
    });
    let service: GsvOpsOperationsService | undefined;
    const consumer = createBackendPlugin({
      pluginId: 'consumer',
      register(env) {
        env.registerInit({
          deps: { operations: gsvOpsOperationsServiceRef },
          async init({ operations }) {
            service = operations;
          },
        });
      },
    });
    const backend = await startTestBackend({ features: [gsvOps, consumer] });
    const credentials = mockCredentials.user('user:default/jane');
    const request = {
      runbook: 'deployment-restart' as const,
      entityRef: 'component:default/agent-registry',
      cluster: 'gsv-dev',
      parameters: { namespace: 'cmp', deployment: 'agent-registry' },
      dryRun: true,
    };
    await expect(service!.startOperation(request, { credentials })).resolves.toMatchObject({ id: 'op-1' });
    await expect(service!.getOperation('op-1', { credentials })).resolves.toMatchObject({ status: 'succeeded' });
    await expect(service!.listOperations({ entityRef: request.entityRef }, { credentials })).resolves.toEqual({ items: [] });
    await service!.cancelOperation('op-1', { credentials });
    expect(seen.map(s => `${s.method} ${s.path} ${s.user}`)).toEqual([
      'POST /operations user:default/jane',
      'GET /operations/op-1 user:default/jane',
      'GET /operations user:default/jane',
      'POST /operations/op-1/cancel user:default/jane',
    ]);
    expect(seen[0].body).toEqual(request);
    await backend.stop();
  });
});

import { nodeObject } from './clusterBase';
import { DAY, Seeder } from './Seeder';

/**
 * Scale mode for benchmarks: `pods` running pods in deployments of 50 across up to 20 `load-NN` namespaces, on
 * extra nodes of 100 pods each. Labels: `app=load-app-<n>`, `tier=frontend|backend`, `gsv.io/load=true`.
 */
export function seedScale(seeder: Seeder, pods: number, environment: string): void {
  const perDeployment = 50;
  const deployments = Math.ceil(pods / perDeployment);
  const namespaces = Math.max(1, Math.min(20, deployments));
  const existingNodes = seeder.api.store.count('/nodes');
  const extraNodes = Math.ceil(pods / 100);
  for (let index = 0; index < extraNodes; index++) {
    const name = `gsv-${environment}-load-${String(index).padStart(3, '0')}`;
    seeder.create(
      nodeObject({ name, controlPlane: false, internalIp: `172.19.${Math.floor(index / 250)}.${(index % 250) + 2}`, zone: ['zone-a', 'zone-b', 'zone-c'][index % 3] }, existingNodes + index, environment),
      30 * DAY,
    );
  }
  for (let index = 0; index < namespaces; index++) seeder.namespace(`load-${String(index).padStart(2, '0')}`, { 'gsv.io/load': 'true' }, 30 * DAY);
  let remaining = pods;
  for (let index = 0; index < deployments; index++) {
    const replicas = Math.min(perDeployment, remaining);
    remaining -= replicas;
    const app = `load-app-${String(index).padStart(3, '0')}`;
    const labels = { app, tier: index % 2 === 0 ? 'frontend' : 'backend', 'gsv.io/load': 'true' };
    seeder.deployment({
      namespace: `load-${String(index % namespaces).padStart(2, '0')}`,
      name: app,
      labels,
      selector: { app },
      replicas,
      createdAgo: 7 * DAY,
      containers: [{ name: 'app', image: 'registry.example/load/app:1.0.0', resources: { requests: { cpu: '50m', memory: '64Mi' } } }],
    });
  }
}

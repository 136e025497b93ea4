import type { SimulatedTable } from '../../simulation/postgresCommands';
import { DAY, HOUR, Seeder } from '../Seeder';
import { systemLabels, PART_OF } from './labels';

/**
 * What the agent registry depends on beyond its own objects: the vector database qdrant (a Deployment and Service in
 * `cmp`, reachable), and the tables of its app database in `cmp/cmp-postgres` as pg_stat_user_tables reports them —
 * `agents_webhookdelivery` a third dead tuples, autovacuum behind for nine days (ops guide §7.3).
 */
export function seedQdrant(seeder: Seeder): void {
  const labels = { ...systemLabels('qdrant', 'cmp-qdrant'), ...PART_OF };
  const selector = systemLabels('qdrant', 'cmp-qdrant');
  seeder.deployment({
    namespace: 'cmp',
    name: 'qdrant',
    labels,
    selector,
    replicas: 1,
    createdAgo: 45 * DAY,
    containers: [
      {
        name: 'qdrant',
        image: 'docker.io/qdrant/qdrant:v1.12.4',
        ports: [
          { name: 'http', containerPort: 6333 },
          { name: 'grpc', containerPort: 6334 },
        ],
        resources: {
          requests: { cpu: '100m', memory: '512Mi' },
          limits: { memory: '1Gi' },
        },
        readinessProbe: {
          httpGet: { path: '/readyz', port: 6333 },
          periodSeconds: 10,
        },
      },
    ],
  });
  seeder.service(
    'cmp',
    'qdrant',
    labels,
    selector,
    [
      { name: 'http', port: 6333, targetPort: 6333 },
      { name: 'grpc', port: 6334, targetPort: 6334 },
    ],
    {},
    45 * DAY,
  );
}

export function agentRegistryTables(now: number): SimulatedTable[] {
  const MB = 2 ** 20;
  return [
    {
      schema: 'public',
      name: 'agents_agent',
      live: 48_210,
      dead: 1_320,
      sizeBytes: 96 * MB,
      lastAutovacuum: now - 6 * HOUR,
    },
    {
      schema: 'public',
      name: 'agents_webhookdelivery',
      live: 812_400,
      dead: 402_100,
      sizeBytes: 1_430 * MB,
      lastAutovacuum: now - 9 * DAY,
    },
    {
      schema: 'public',
      name: 'django_session',
      live: 15_230,
      dead: 2_210,
      sizeBytes: 24 * MB,
      lastAutovacuum: now - DAY,
    },
    {
      schema: 'public',
      name: 'auth_user',
      live: 312,
      dead: 4,
      sizeBytes: 112 * 1024,
      lastAutovacuum: now - 20 * DAY,
    },
  ];
}

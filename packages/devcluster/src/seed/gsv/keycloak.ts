import type { StoredObject } from '../../api/types';
import { DAY, Seeder } from '../Seeder';
import { componentLabels } from './labels';

/** Keycloak in `sso`: two replicas, one image update pending in Git (dev). */

export function seedKeycloak(seeder: Seeder, dev: boolean, domain: string): { pods: StoredObject[] } {
  const labels = componentLabels('keycloak');
  const selector = { 'app.kubernetes.io/name': 'keycloak' };
  const result = seeder.deployment({
    namespace: 'sso',
    name: 'keycloak',
    labels,
    selector,
    replicas: 2,
    createdAgo: 60 * DAY,
    rolledOutAgo: 21 * DAY,
    history: [{ image: 'quay.io/keycloak/keycloak:25.0.6', rolledOutAgo: 60 * DAY }],
    containers: [
      {
        name: 'keycloak',
        image: 'quay.io/keycloak/keycloak:26.0.5',
        args: ['start', '--optimized'],
        ports: [{ name: 'http', containerPort: 8080 }, { name: 'management', containerPort: 9000 }],
        env: [{ name: 'KC_HOSTNAME', value: `https://keycloak.${domain}` }, { name: 'KC_PROXY_HEADERS', value: 'xforwarded' }],
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        readinessProbe: { httpGet: { path: '/health/ready', port: 9000 }, initialDelaySeconds: 20, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: '/health/live', port: 9000 }, initialDelaySeconds: 60, periodSeconds: 30 },
      },
    ],
  });
  seeder.service('sso', 'keycloak', labels, selector, [{ name: 'http', port: 80, targetPort: 'http' }], {}, 60 * DAY);
  seeder.create(
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'keycloak', namespace: 'sso', labels },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: [`keycloak.${domain}`], secretName: 'keycloak-tls' }],
        rules: [{ host: `keycloak.${domain}`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'keycloak', port: { name: 'http' } } } }] } }],
      },
      status: { loadBalancer: { ingress: [{ ip: dev ? '172.18.255.200' : '203.0.113.10' }] } },
    },
    60 * DAY,
  );
  return { pods: result.pods };
}

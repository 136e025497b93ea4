import { DAY, Seeder } from '../Seeder';
import { agentRegistryMigrations, seedAgentRegistry } from './agentRegistry';
import { agentRegistryTables, seedQdrant } from './agentRegistryDependencies';
import { seedAlertRules } from './alertRules';
import { seedArgoCd } from './argocd';
import { seedQaStage } from './qaStage';
import { seedCertificates, seedCertManager } from './certificates';
import { seedDatabase } from './database';
import { seedExternalSecretsOperator, seedObservability, seedSystemWorkloads, seedTraefik, seedVault } from './infrastructure';
import { seedKeycloak } from './keycloak';
import { seedLeftovers } from './leftovers';
import { seedServiceAccountRbac } from './serviceAccountRbac';
import { seedVulnerabilityReports } from './vulnerabilityReports';
import { seedKeycloakDatabase } from './keycloakDatabase';
import { PART_OF } from './labels';
import { seedPooler } from './pooler';
import { seedWarnings } from './warnings';

/**
 * The GSV platform of the day-2 operations guide, as a cluster in a realistic state. Names, namespaces and labels
 * match the Backstage catalog (catalog-info.yaml): objects of a component carry
 * `backstage.io/kubernetes-id=<component>`; the catalog's annotations point at `cmp/cmp-postgres`,
 * `argocd/agent-registry`, `cmp/agent-registry-tls`, `cert-manager/wildcard-dev-tls`, `cmp/agent-registry-secrets`.
 *
 * The `dev` variant has things to fix: a wildcard certificate failing to renew (broken DNS-01 issuer), keycloak-tls
 * expiring in five days, a failed nightly backup, a database volume at 92%, keycloak OutOfSync in Argo CD and a few
 * warning events, and cost leftovers (an unmounted volume, old one-off Jobs, an oversized memory request). The `prod` variant runs the same services on prod hostnames, healthy.
 * warning events, and Keycloak's database `sso/keycloak-postgres` not restorable to 5 minutes ago (WAL archiving failing,
 * one old backup, no schedule). The `prod` variant runs the same services on prod hostnames, healthy.
 */

export interface PlatformOptions {
  environment: 'dev' | 'prod';
  /** The GitOps repository (`file://`) agent-registry's Applications reconcile from; without it, a simulated source. */
  gitopsUrl?: string;
}

export function seedGsvPlatform(seeder: Seeder, options: PlatformOptions): void {
  const env = options.environment;
  const dev = env === 'dev';
  const domain = dev ? 'dev.gsv.example' : 'gsv.example';
  const now = seeder.now;

  for (const [name, labels] of [
    ['cmp', { ...PART_OF, 'gsv.io/environment': env }],
    ['sso', { ...PART_OF, 'gsv.io/environment': env }],
    ['argocd', {}],
    ['cert-manager', {}],
    ['observability', {}],
    ['vault', {}],
    ['traefik', {}],
    ['backstage', { 'app.kubernetes.io/part-of': 'gsv-backstage' }],
    ['cnpg-system', {}],
    ['external-secrets', {}],
    ['local-path-storage', {}],
  ] as Array<[string, Record<string, string>]>) {
    if (!seeder.api.store.get('/namespaces', '', name)) seeder.namespace(name, labels, 60 * DAY);
  }

  seedSystemWorkloads(seeder);
  const issuers = seedCertManager(seeder, dev, domain);
  seedExternalSecretsOperator(seeder);
  seedTraefik(seeder, dev);
  seedObservability(seeder);
  seedVault(seeder);
  const registry = seedAgentRegistry(seeder, dev, domain);
  seedQdrant(seeder);
  const keycloak = seedKeycloak(seeder, dev, domain);
  const database = seedDatabase(seeder, dev, now);
  seedPooler(seeder, database.cluster);
  seedCertificates(seeder, dev, domain, issuers);
  seedArgoCd(seeder, dev, domain, options.gitopsUrl);
  if (dev && options.gitopsUrl) seedQaStage(seeder, options.gitopsUrl);
  if (dev) seedLeftovers(seeder);
  seedWarnings(seeder, dev, registry.worker, keycloak.pods, database);
  seedAlertRules(seeder);
  seedServiceAccountRbac(seeder);
  seedVulnerabilityReports(seeder);
  if (dev) seedKeycloakDatabase(seeder, now);

  seeder.simulation.setLoad('cmp/agent-registry', 1.86);
  seeder.simulation.setLoad('cmp/agent-registry-worker', 0.9);
  seeder.simulation.setLoad('sso/keycloak', 0.5);
  // Tasks per minute; each worker completes 400 (prometheus/MonitoringSimulation.ts), so two keep up and one does not.
  seeder.simulation.queueInflow.set('cmp/agent-registry-worker', 600);
  seeder.simulation.migrations.set('cmp/agent-registry', agentRegistryMigrations());
  seeder.simulation.databaseTables.set('cmp/cmp-postgres', agentRegistryTables(now));
}

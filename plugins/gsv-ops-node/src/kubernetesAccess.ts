import { createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import type { AuthenticationStrategy, KubernetesClustersSupplier } from '@backstage/plugin-kubernetes-node';

/** How the official Kubernetes plugin finds its clusters and authenticates to them, as it built them. @public */
export interface OfficialKubernetesAccess {
  /** Its locators combined (`config`, `catalog`, `gke`, …, or a module's own supplier). */
  clusterSupplier: KubernetesClustersSupplier;
  /** Its authentication strategies, dispatched by `authProvider` (built-ins and those modules added). */
  authStrategy: AuthenticationStrategy;
}

/**
 * Hands the official Kubernetes plugin's cluster supplier and authentication strategies to GSV Ops, inside one
 * backend: `kubernetesModuleGsvOpsAccess` provides them while the Kubernetes plugin starts, GSV Ops reads them once
 * every plugin has started. So GSV Ops reaches exactly the clusters the official plugin does, with every server-side
 * `authProvider` and locator it accepts, and no GSV-specific cluster config.
 *
 * @public
 */
export interface KubernetesAccessHandoff {
  provide(access: OfficialKubernetesAccess): void;
  /** What was provided, or undefined when the official Kubernetes plugin (with the module) does not run here. */
  current(): OfficialKubernetesAccess | undefined;
}

class InProcessHandoff implements KubernetesAccessHandoff {
  private access?: OfficialKubernetesAccess;

  provide(access: OfficialKubernetesAccess): void {
    this.access = access;
  }

  current(): OfficialKubernetesAccess | undefined {
    return this.access;
  }
}

/**
 * The hand-off, one per backend (root scope, so that the Kubernetes plugin's module and GSV Ops share it).
 *
 * @public
 */
export const kubernetesAccessHandoffServiceRef = createServiceRef<KubernetesAccessHandoff>({
  id: 'gsv-ops.kubernetes-access-handoff',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => new InProcessHandoff(),
    }),
});

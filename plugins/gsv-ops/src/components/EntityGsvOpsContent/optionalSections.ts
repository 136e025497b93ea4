import {
  ClusterOpsView,
  GSV_OPS_ANNOTATIONS as A,
} from '@gsv/plugin-gsv-ops-common';

/**
 * The sections of the Ops tab that only some services have, by the list of the cluster's view they show, with the
 * annotation that sets each up.
 */
const OPTIONAL_SECTIONS = {
  certificates: { title: 'Certificates', annotation: A.certificates },
  databases: { title: 'Backups', annotation: A.cnpgCluster },
  applications: { title: 'GitOps', annotation: A.argocdAppName },
  externalSecrets: { title: 'Secrets', annotation: A.externalSecrets },
};

export type OptionalSectionId = keyof typeof OPTIONAL_SECTIONS;

export interface OptionalSection {
  title: string;
  annotation: string;
}

/**
 * The optional sections a cluster's view shows, and the ones not set up for the service. A section shows when its
 * annotation is set (even if nothing was found: that is worth knowing) or it has data.
 */
export function optionalSections(
  annotations: Record<string, string>,
  cluster: ClusterOpsView,
): { shown: Set<OptionalSectionId>; notSetUp: OptionalSection[] } {
  const shown = new Set<OptionalSectionId>();
  const notSetUp: OptionalSection[] = [];
  for (const [id, section] of Object.entries(OPTIONAL_SECTIONS)) {
    const list = id as OptionalSectionId;
    if (annotations[section.annotation] || cluster[list].length > 0)
      shown.add(list);
    else notSetUp.push(section);
  }
  return { shown, notSetUp };
}

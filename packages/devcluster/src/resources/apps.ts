import type { FieldCause } from '../api/errors';
import type { KubeObject } from '../api/types';
import { LabelSelector } from '../store/selectors';
import {
  ageColumn,
  column,
  containerImages,
  containerNames,
  defaultTemplate,
  invalidValue,
  nameColumn,
  notSupported,
  selectorString,
  validateNonNegative,
  validateObjectMeta,
  validateWorkloadTemplate,
} from './common';
import type { ResourceDefinition, ScaleDefinition } from './types';

/** apps/v1: deployments, replicasets, statefulsets, daemonsets, controllerrevisions. */

const replicasScale: ScaleDefinition = {
  specReplicas: object => object.spec?.replicas ?? 1,
  setSpecReplicas: (object, replicas) => {
    object.spec = { ...object.spec, replicas };
  },
  statusReplicas: object => object.status?.replicas ?? 0,
  selector: object => LabelSelector.fromObject(object.spec?.selector).toString(),
};

function immutableSelector(object: KubeObject, old: KubeObject | undefined): FieldCause[] {
  if (old && JSON.stringify(old.spec?.selector) !== JSON.stringify(object.spec?.selector)) {
    return [invalidValue('spec.selector', object.spec?.selector, 'field is immutable')];
  }
  return [];
}

function isIntOrPercent(value: unknown): boolean {
  return (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (typeof value === 'string' && /^[0-9]+%$/.test(value));
}

function isZero(value: unknown): boolean {
  return value === 0 || value === '0%';
}

function validateDeployment(deployment: KubeObject, old: KubeObject | undefined): FieldCause[] {
  const causes = [
    ...validateObjectMeta(deployment),
    ...validateWorkloadTemplate(deployment.spec, { selectorRequired: true }),
    ...validateNonNegative(deployment.spec?.replicas, 'spec.replicas'),
    ...immutableSelector(deployment, old),
  ];
  const strategy = deployment.spec?.strategy ?? {};
  if (strategy.type && !['RollingUpdate', 'Recreate'].includes(strategy.type)) {
    causes.push(notSupported('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
  }
  if (strategy.type === 'Recreate' && strategy.rollingUpdate) {
    causes.push({ reason: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" });
  }
  const rolling = strategy.rollingUpdate;
  if (rolling) {
    if (rolling.maxSurge !== undefined && !isIntOrPercent(rolling.maxSurge)) {
      causes.push(invalidValue('spec.strategy.rollingUpdate.maxSurge', rolling.maxSurge, 'must be a non-negative integer or percentage'));
    }
    if (rolling.maxUnavailable !== undefined && !isIntOrPercent(rolling.maxUnavailable)) {
      causes.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, 'must be a non-negative integer or percentage'));
    }
    if (isZero(rolling.maxSurge) && isZero(rolling.maxUnavailable)) {
      causes.push(invalidValue('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  return causes;
}

export const appsResources: ResourceDefinition[] = [
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    hasStatus: true,
    scale: replicasScale,
    columns: [
      nameColumn,
      column('Ready', d => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, { description: 'Number of the pod with ready state' }),
      column('Up-to-date', d => d.status?.updatedReplicas ?? 0, { type: 'integer', description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.' }),
      column('Available', d => d.status?.availableReplicas ?? 0, { type: 'integer', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' }),
      ageColumn,
      column('Containers', d => containerNames(d.spec?.template), { priority: 1 }),
      column('Images', d => containerImages(d.spec?.template), { priority: 1 }),
      column('Selector', d => selectorString(d.spec?.selector), { priority: 1 }),
    ],
    defaults(deployment) {
      const spec = (deployment.spec ??= {});
      spec.replicas ??= 1;
      spec.strategy ??= { type: 'RollingUpdate' };
      spec.strategy.type ??= 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate = { maxUnavailable: '25%', maxSurge: '25%', ...spec.strategy.rollingUpdate };
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      defaultTemplate(spec);
    },
    validate: validateDeployment,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    hasStatus: true,
    scale: replicasScale,
    columns: [
      nameColumn,
      column('Desired', rs => rs.spec?.replicas ?? 0, { type: 'integer' }),
      column('Current', rs => rs.status?.replicas ?? 0, { type: 'integer' }),
      column('Ready', rs => rs.status?.readyReplicas ?? 0, { type: 'integer' }),
      ageColumn,
      column('Containers', rs => containerNames(rs.spec?.template), { priority: 1 }),
      column('Images', rs => containerImages(rs.spec?.template), { priority: 1 }),
      column('Selector', rs => selectorString(rs.spec?.selector), { priority: 1 }),
    ],
    defaults(rs) {
      rs.spec ??= {};
      rs.spec.replicas ??= 1;
      defaultTemplate(rs.spec);
    },
    validate: (rs, old) => [
      ...validateObjectMeta(rs),
      ...validateWorkloadTemplate(rs.spec, { selectorRequired: true }),
      ...validateNonNegative(rs.spec?.replicas, 'spec.replicas'),
      ...immutableSelector(rs, old),
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    hasStatus: true,
    scale: replicasScale,
    columns: [
      nameColumn,
      column('Ready', sts => `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`),
      ageColumn,
      column('Containers', sts => containerNames(sts.spec?.template), { priority: 1 }),
      column('Images', sts => containerImages(sts.spec?.template), { priority: 1 }),
    ],
    defaults(sts) {
      const spec = (sts.spec ??= {});
      spec.replicas ??= 1;
      spec.podManagementPolicy ??= 'OrderedReady';
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
      spec.revisionHistoryLimit ??= 10;
      spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
      defaultTemplate(spec);
    },
    validate: (sts, old) => [
      ...validateObjectMeta(sts),
      ...validateWorkloadTemplate(sts.spec, { selectorRequired: true }),
      ...validateNonNegative(sts.spec?.replicas, 'spec.replicas'),
      ...immutableSelector(sts, old),
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'daemonsets',
    kind: 'DaemonSet',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    hasStatus: true,
    columns: [
      nameColumn,
      column('Desired', ds => ds.status?.desiredNumberScheduled ?? 0, { type: 'integer' }),
      column('Current', ds => ds.status?.currentNumberScheduled ?? 0, { type: 'integer' }),
      column('Ready', ds => ds.status?.numberReady ?? 0, { type: 'integer' }),
      column('Up-to-date', ds => ds.status?.updatedNumberScheduled ?? 0, { type: 'integer' }),
      column('Available', ds => ds.status?.numberAvailable ?? 0, { type: 'integer' }),
      column('Node Selector', ds => Object.entries(ds.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'),
      ageColumn,
      column('Containers', ds => containerNames(ds.spec?.template), { priority: 1 }),
      column('Images', ds => containerImages(ds.spec?.template), { priority: 1 }),
      column('Selector', ds => selectorString(ds.spec?.selector), { priority: 1 }),
    ],
    defaults(ds) {
      const spec = (ds.spec ??= {});
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      spec.revisionHistoryLimit ??= 10;
      defaultTemplate(spec);
    },
    validate: (ds, old) => [
      ...validateObjectMeta(ds),
      ...validateWorkloadTemplate(ds.spec, { selectorRequired: true }),
      ...immutableSelector(ds, old),
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'controllerrevisions',
    kind: 'ControllerRevision',
    singular: 'controllerrevision',
    namespaced: true,
    columns: [
      nameColumn,
      column('Controller', cr => {
        const owner = (cr.metadata.ownerReferences ?? []).find(reference => reference.controller);
        return owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>';
      }),
      column('Revision', cr => Number(cr.revision ?? 0), { type: 'integer' }),
      ageColumn,
    ],
    validate(cr) {
      const causes = validateObjectMeta(cr);
      if (typeof cr.revision !== 'number') causes.push(invalidValue('revision', cr.revision, 'must be an integer'));
      return causes;
    },
  },
];

import { invalid } from '../api/errors';
import type { KubeObject, UserInfo } from '../api/types';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { PolicyRule, RbacAuthorizer } from './RbacAuthorizer';

/**
 * The access-review APIs, answered by the RBAC authoriser: SelfSubjectAccessReview (`kubectl auth can-i`),
 * SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview (`kubectl auth can-i --list`) and
 * authentication's SelfSubjectReview (`kubectl auth whoami`).
 */
export function attachAccessReviews(registry: ResourceRegistry, authorizer: RbacAuthorizer): void {
  const review = (kind: string, group: string, object: KubeObject, user: UserInfo, namespace?: string): KubeObject => {
    const spec = object.spec ?? {};
    const resource = spec.resourceAttributes;
    const nonResource = spec.nonResourceAttributes;
    if (Boolean(resource) === Boolean(nonResource)) {
      throw invalid(kind, group, '', [
        {
          reason: 'FieldValueInvalid',
          field: 'spec.resourceAttributes',
          message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
        },
      ]);
    }
    const decision = resource
      ? authorizer.authorize(user, {
          verb: resource.verb ?? '',
          group: resource.group ?? '',
          resource: resource.resource ?? '',
          subresource: resource.subresource || undefined,
          namespace: namespace ?? (resource.namespace || undefined),
          name: resource.name || undefined,
        })
      : authorizer.authorize(user, { verb: nonResource.verb ?? '', path: nonResource.path ?? '' });
    return {
      kind,
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { ...(object.metadata ?? {}), creationTimestamp: null as unknown as string },
      spec,
      status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
    };
  };

  registry.attachVirtual('authorization.k8s.io', 'v1', 'selfsubjectaccessreviews', {
    create: (object, user) => review('SelfSubjectAccessReview', 'authorization.k8s.io', object, user),
  });
  registry.attachVirtual('authorization.k8s.io', 'v1', 'subjectaccessreviews', {
    create: object => {
      const spec = object.spec ?? {};
      const subject: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [], uid: spec.uid, extra: spec.extra };
      if (!subject.username && subject.groups.length === 0) {
        throw invalid('SubjectAccessReview', 'authorization.k8s.io', '', [
          { reason: 'FieldValueRequired', field: 'spec.user', message: 'Required value: at least one of user or group must be specified' },
        ]);
      }
      return review('SubjectAccessReview', 'authorization.k8s.io', object, subject);
    },
  });
  registry.attachVirtual('authorization.k8s.io', 'v1', 'localsubjectaccessreviews', {
    create: (object, _user, namespace) => {
      const spec = object.spec ?? {};
      const subject: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [] };
      return review('LocalSubjectAccessReview', 'authorization.k8s.io', object, subject, namespace);
    },
  });
  registry.attachVirtual('authorization.k8s.io', 'v1', 'selfsubjectrulesreviews', {
    create: (object, user) => {
      const namespace: string | undefined = object.spec?.namespace || undefined;
      const rules = authorizer.rulesFor(user, namespace);
      const resourceRules = rules
        .filter(rule => rule.resources?.length)
        .map(rule => ({ verbs: rule.verbs, apiGroups: rule.apiGroups ?? [], resources: rule.resources ?? [], ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}) }));
      const nonResourceRules = rules
        .filter((rule: PolicyRule) => rule.nonResourceURLs?.length)
        .map(rule => ({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs ?? [] }));
      return {
        kind: 'SelfSubjectRulesReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null as unknown as string },
        spec: object.spec ?? {},
        status: { resourceRules, nonResourceRules, incomplete: false },
      };
    },
  });
  registry.attachVirtual('authentication.k8s.io', 'v1', 'selfsubjectreviews', {
    create: (_object, user) => ({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null as unknown as string },
      status: { userInfo: { username: user.username, groups: user.groups, ...(user.uid ? { uid: user.uid } : {}), ...(user.extra ? { extra: user.extra } : {}) } },
    }),
  });
}

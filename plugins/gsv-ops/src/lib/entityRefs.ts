import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

/** An entity ref as people read it ("agent-registry" for a component in the default namespace); unparsable refs as given. */
export function entityRefLabel(entityRef: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(entityRef), {
      defaultKind: 'component',
    });
  } catch {
    return entityRef;
  }
}

/** A user ref as people read it ("jane" for user:default/jane); unparsable refs as given. */
export function userRefLabel(userRef: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(userRef), { defaultKind: 'user' });
  } catch {
    return userRef;
  }
}

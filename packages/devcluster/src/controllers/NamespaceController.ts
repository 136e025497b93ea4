import { splitKey, type Controller, type ControllerContext } from './ControllerManager';

/**
 * Namespace lifecycle: a deleted namespace is `Terminating` until everything in it has been deleted, then it goes.
 */
export class NamespaceController implements Controller {
  readonly name = 'namespace';

  constructor(private readonly context: ControllerContext) {}

  watches() {
    return [{ collection: '/namespaces' }];
  }

  reconcile(key: string): void {
    const { name } = splitKey(key);
    const namespace = this.context.store.get('/namespaces', '', name);
    if (!namespace?.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const definition of this.context.registry.all()) {
      if (!definition.namespaced || definition.virtual || definition.alias) continue;
      for (const object of this.context.store.list(this.context.api.storageKey(definition), name)) {
        remaining++;
        // Objects already terminating (pods in their grace period, finalizers) finish on their own.
        if (!object.metadata.deletionTimestamp) {
          this.context.api.delete(definition, name, object.metadata.name, { propagationPolicy: 'Background' });
        }
      }
    }
    if (remaining === 0) {
      this.context.api.forceRemove(this.context.registry.get('/namespaces'), undefined, name);
    } else {
      this.context.requeueAfter(this, key, 1000);
    }
  }
}

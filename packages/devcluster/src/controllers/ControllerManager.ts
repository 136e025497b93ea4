import type { ClusterApi } from '../api/ClusterApi';
import type { SimulatedClock, ClockTimer } from '../clock/SimulatedClock';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { ResourceUsageModel } from '../simulation/resourceUsage';
import type { SimulationChange, SimulationState } from '../simulation/SimulationState';
import type { ObjectStore, StoreEvent } from '../store/ObjectStore';
import type { EventRecorder } from './EventRecorder';
import type { ControllerTiming } from './timing';

/**
 * Runs the controllers like kube-controller-manager does: each controller watches some resources, maps changes
 * to keys of the objects it owns, and reconciles one key at a time from a de-duplicating work queue. Reconciles
 * are synchronous against the in-memory store, so a reconcile reads and writes a consistent world; time-based
 * work is scheduled on the simulated clock with `requeueAfter`.
 */

export interface ControllerContext {
  api: ClusterApi;
  store: ObjectStore;
  registry: ResourceRegistry;
  clock: SimulatedClock;
  events: EventRecorder;
  simulation: SimulationState;
  usage: ResourceUsageModel;
  timing: ControllerTiming;
  /** Asks for `key` of `controller` to be reconciled again after `delayMs` of simulated time. */
  requeueAfter(controller: Controller, key: string, delayMs: number): void;
  enqueue(controller: Controller, key: string): void;
}

export interface WatchSpec {
  /** Store collection key, e.g. `apps/deployments`. */
  collection: string;
  /** The keys to reconcile for a change (default: the object's own `namespace/name`). */
  keys?(event: StoreEvent): string[];
}

export interface Controller {
  readonly name: string;
  watches(): WatchSpec[];
  /** Keys to reconcile at start-up (default: every object of the first watched collection). */
  initialKeys?(): string[];
  onSimulationChange?(change: SimulationChange): string[];
  reconcile(key: string): void;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

const BATCH_SIZE = 500;

export class ControllerManager {
  private readonly controllers: Controller[] = [];
  private readonly queue: Array<[Controller, string]> = [];
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, ClockTimer>();
  private readonly unsubscribers: Array<() => void> = [];
  private scheduled: NodeJS.Immediate | undefined;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;
  readonly errors: Array<{ controller: string; key: string; error: string }> = [];

  constructor(
    private readonly context: Omit<ControllerContext, 'requeueAfter' | 'enqueue'>,
    private readonly log: (message: string) => void,
  ) {}

  get controllerContext(): ControllerContext {
    return {
      ...this.context,
      requeueAfter: (controller, key, delayMs) => this.requeueAfter(controller, key, delayMs),
      enqueue: (controller, key) => this.enqueue(controller, key),
    };
  }

  register(controller: Controller): void {
    this.controllers.push(controller);
  }

  start(): void {
    for (const controller of this.controllers) {
      for (const watch of controller.watches()) {
        this.unsubscribers.push(
          this.context.store.subscribe(watch.collection, event => {
            const keys = watch.keys ? watch.keys(event) : [objectKey(event.object.metadata.namespace, event.object.metadata.name)];
            for (const key of keys) this.enqueue(controller, key);
          }),
        );
      }
      const initial =
        controller.initialKeys?.() ??
        this.context.store
          .list(controller.watches()[0].collection)
          .map(object => objectKey(object.metadata.namespace, object.metadata.name));
      for (const key of initial) this.enqueue(controller, key);
    }
    this.unsubscribers.push(
      this.context.simulation.onChange(change => {
        for (const controller of this.controllers) {
          for (const key of controller.onSimulationChange?.(change) ?? []) this.enqueue(controller, key);
        }
      }),
    );
  }

  enqueue(controller: Controller, key: string): void {
    if (this.stopped) return;
    const id = `${controller.name}\u0000${key}`;
    if (this.queued.has(id)) return;
    this.queued.add(id);
    this.queue.push([controller, key]);
    this.schedule();
  }

  requeueAfter(controller: Controller, key: string, delayMs: number): void {
    if (this.stopped) return;
    const id = `${controller.name}\u0000${key}`;
    const at = this.context.clock.now() + Math.max(0, delayMs);
    const existing = this.timers.get(id);
    if (existing && existing.at <= at) return;
    if (existing) this.context.clock.cancel(existing);
    this.timers.set(
      id,
      this.context.clock.setTimer(at, () => {
        this.timers.delete(id);
        this.enqueue(controller, key);
      }),
    );
  }

  /** Resolves once every queued reconcile (and whatever it queued in turn) has run. */
  waitForIdle(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** Drains the queue synchronously: what `clock.advance()` waits for between timers. */
  settle(): Promise<void> {
    this.drainNow();
    return Promise.resolve();
  }

  /** Runs queued reconciles synchronously until the queue is empty (used by the seed and scale mode). */
  drainNow(maxIterations = 1_000_000): void {
    let iterations = 0;
    while (this.queue.length > 0 && iterations++ < maxIterations) this.processOne();
    this.notifyIdle();
  }

  stop(): void {
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    for (const timer of this.timers.values()) this.context.clock.cancel(timer);
    this.timers.clear();
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.queue.length = 0;
    this.queued.clear();
    this.notifyIdle();
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      for (let count = 0; count < BATCH_SIZE && this.queue.length > 0; count++) this.processOne();
      if (this.queue.length > 0) this.schedule();
      else this.notifyIdle();
    });
  }

  private processOne(): void {
    const [controller, key] = this.queue.shift()!;
    this.queued.delete(`${controller.name}\u0000${key}`);
    try {
      controller.reconcile(key);
    } catch (error) {
      const message = error instanceof Error ? error.stack ?? error.message : String(error);
      this.errors.push({ controller: controller.name, key, error: message });
      if (this.errors.length > 100) this.errors.shift();
      this.log(`controller ${controller.name} failed to reconcile ${key}: ${message}`);
    }
  }

  private notifyIdle(): void {
    if (this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

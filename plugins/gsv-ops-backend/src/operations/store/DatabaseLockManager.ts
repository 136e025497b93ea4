import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { AcquireResult, LockHolder, LockManager } from './types';

const LOCKS = 'gsv_ops_locks';
const MAX_ATTEMPTS = 5;

interface LockRow {
  lock_key: string;
  target: string;
  operation_id: string;
  holder: string;
  acquired_at: number | string;
  expires_at: number | string;
}

/** The primary key of a target's lock row: fixed length whatever the names, the same on every engine. */
export function lockKeyOf(target: string): string {
  return createHash('sha256').update(target).digest('hex');
}

/**
 * Per-target locks in the plugin's database, with a lease: the holder renews it while it works, and a lock whose lease
 * ran out (its backend died) may be taken over. The unique primary key decides races between backend instances, so
 * this works for any number of replicas on one database.
 */
export class DatabaseLockManager implements LockManager {
  constructor(private readonly db: Knex) {}

  async acquire(options: {
    targets: string[];
    operationId: string;
    holder: string;
    now: number;
    leaseMs: number;
  }): Promise<AcquireResult> {
    const targets = [...new Set(options.targets)].sort();
    const rows: LockRow[] = targets.map(target => ({
      lock_key: lockKeyOf(target),
      target,
      operation_id: options.operationId,
      holder: options.holder,
      acquired_at: options.now,
      expires_at: options.now + options.leaseMs,
    }));
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.transaction(async tx => {
          await tx<LockRow>(LOCKS)
            .whereIn(
              'lock_key',
              rows.map(r => r.lock_key),
            )
            .where('expires_at', '<=', options.now)
            .delete();
          await tx<LockRow>(LOCKS).insert(rows);
        });
        return { acquired: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      for (const target of targets) {
        const heldBy = await this.holderOf(target, options.now);
        if (heldBy && heldBy.operationId !== options.operationId) {
          return { acquired: false, heldBy };
        }
      }
      // The holder released (or its lease ran out) between our insert and our read: try again.
      if (attempt >= MAX_ATTEMPTS) {
        throw new Error(`Could not take the lock on ${targets.join(', ')} after ${MAX_ATTEMPTS} attempts`);
      }
    }
  }

  async renew(options: { targets: string[]; operationId: string; now: number; leaseMs: number }): Promise<boolean> {
    const keys = [...new Set(options.targets)].map(lockKeyOf);
    const count = await this.db<LockRow>(LOCKS)
      .where({ operation_id: options.operationId })
      .whereIn('lock_key', keys)
      .update({ expires_at: options.now + options.leaseMs });
    return Number(count) === keys.length;
  }

  async release(options: { operationId: string }): Promise<void> {
    await this.db<LockRow>(LOCKS).where({ operation_id: options.operationId }).delete();
  }

  async holderOf(target: string, now: number): Promise<LockHolder | undefined> {
    const row = await this.db<LockRow>(LOCKS)
      .where({ lock_key: lockKeyOf(target) })
      .where('expires_at', '>', now)
      .first();
    if (!row) return undefined;
    return {
      target: row.target,
      operationId: row.operation_id,
      holder: row.holder,
      acquiredAt: Number(row.acquired_at),
      expiresAt: Number(row.expires_at),
    };
  }

  async sweep(now: number): Promise<number> {
    return Number(await this.db<LockRow>(LOCKS).where('expires_at', '<=', now).delete());
  }
}

/** PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE, MySQL ER_DUP_ENTRY. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown; message?: unknown };
  const code = String(e?.code ?? '');
  return (
    code === '23505' ||
    code === 'ER_DUP_ENTRY' ||
    code.startsWith('SQLITE_CONSTRAINT') ||
    /unique constraint|UNIQUE constraint failed|duplicate key/i.test(String(e?.message ?? ''))
  );
}

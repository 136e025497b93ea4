import type { Knex } from 'knex';

const TABLE = 'gsv_ops_notified_conditions';

/**
 * Which entity conditions were notified on which day, shared by every replica through the plugin's database: a
 * condition is sent by the one replica whose claim is inserted (unique entity, condition, day).
 */
export class NotifiedConditionStore {
  constructor(private readonly knex: Knex) {}

  /** Claims the condition for the day; false when it was already claimed (by this or another replica). */
  async claim(claim: { entityRef: string; conditionKey: string; day: string; at: number }): Promise<boolean> {
    const inserted = await this.knex(TABLE)
      .insert({ entity_ref: claim.entityRef, condition_key: claim.conditionKey, day: claim.day, notified_at: claim.at })
      .onConflict(['entity_ref', 'condition_key', 'day'])
      .ignore()
      .returning('day');
    return inserted.length > 0;
  }

  /** Forgets the days before `day` (YYYY-MM-DD); returns how many claims were deleted. */
  async deleteBefore(day: string): Promise<number> {
    return this.knex(TABLE).where('day', '<', day).delete();
  }
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

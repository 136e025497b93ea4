import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The engines the audit log and the locks are tested on. PostgreSQL runs when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (CI starts one); with GSV_TEST_REQUIRE_POSTGRES=1 its
 * absence is a failure, not a skip.
 */
export function createTestDatabases(): { databases: TestDatabases; ids: TestDatabaseId[] } {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'], disableDocker: true });
  const ids = (['SQLITE_3', 'POSTGRES_15'] as TestDatabaseId[]).filter(id => databases.supports(id));
  if (process.env.GSV_TEST_REQUIRE_POSTGRES && !databases.supports('POSTGRES_15')) {
    throw new Error(
      'GSV_TEST_REQUIRE_POSTGRES is set but BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not: start PostgreSQL 15 first',
    );
  }
  return { databases, ids };
}

/**
 * `describe` for tests that need PostgreSQL; skipped only where none is configured — test:all starts one and sets
 * GSV_TEST_REQUIRE_POSTGRES, so in CI a missing database fails in createTestDatabases instead of skipping.
 */
export function describeIfPostgres(ids: TestDatabaseId[]): jest.Describe {
  return ids.includes('POSTGRES_15') ? describe : describe.skip;
}

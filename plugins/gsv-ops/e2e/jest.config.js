/**
 * The browser tests: jest in node, one worker, TypeScript through Backstage's swc transform. They live outside
 * src/ so `backstage-cli package test` never runs them. Run with `npm run test:e2e` in plugins/gsv-ops.
 */
const transform = require.resolve('@backstage/cli/config/jestSwcTransform');

module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.ts'],
  testEnvironment: 'node',
  transform: {
    '\\.(ts|tsx|js|mjs|cjs)$': [
      transform,
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/'],
  testTimeout: 180_000,
  maxWorkers: 1,
  // the stack is stopped in afterAll; do not let a stray socket keep CI waiting
  forceExit: true,
};

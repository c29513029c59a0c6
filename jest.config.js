/**
 * One test file per jest test file: `npx jest`, `npm test -- <path>` and editors' jest runners use this.
 * `npm test` without arguments uses jest.groups.config.js (the same tests, loaded in groups: test/helpers/test-groups.ts).
 * Tests are transpiled by esbuild without type checking (test/setup/esbuild-transform.js); `npm test` runs `tsc` beside jest.
 */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker fewer than the cores: on the 2-core CI machine, a single worker.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/consumer is a user's project, run by `npm run test:consumer` against the packed library; test/groups holds
  // the group entries of jest.groups.config.js.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/', '<rootDir>/test/groups/'],
  transform: {
    '^.+\\.ts$': '<rootDir>/test/setup/esbuild-transform.js',
  },
  // Per test file, before its tests: see the file.
  setupFilesAfterEnv: ['<rootDir>/test/setup/cdktf-creation-stacks.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

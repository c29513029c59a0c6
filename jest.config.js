/** Tests are transpiled without type checking (fast); `npm test` type-checks first with `tsc`. */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker fewer than the cores: on the 2-core CI machine, a single worker.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/consumer is a user's project, run by `npm run test:consumer` against the packed library.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** `npm test`: every test file, loaded in groups (test/helpers/test-groups.ts says why and which). */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/groups/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/'],
  // The longest groups first, with or without the timings of a previous run.
  testSequencer: '<rootDir>/test/setup/group-sequencer.js',
};

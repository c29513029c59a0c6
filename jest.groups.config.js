/** `npm test`: every test file, loaded in groups (test/helpers/test-groups.ts says why and which). */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/groups/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumer/'],
};

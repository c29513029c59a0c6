import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEST_GROUPS, groupOf, testFiles } from './helpers/test-groups';

// `npm test` loads the test files in groups (test/helpers/test-groups.ts). These tests keep the groups honest.
describe('test groups', () => {
  test('every group has its entry in test/groups, and nothing else is there', () => {
    const entries = fs.readdirSync(path.join(__dirname, 'groups')).sort();
    expect(entries).toEqual(TEST_GROUPS.map(([name]) => `${name}.test.ts`).sort());
    for (const [name] of TEST_GROUPS) {
      expect(fs.readFileSync(path.join(__dirname, 'groups', `${name}.test.ts`), 'utf8')).toContain(`describeTestGroup('${name}')`);
    }
  });

  test('every test file belongs to a group, and each group has files', () => {
    const files = testFiles();
    expect(files.length).toBeGreaterThan(150);
    expect(files).toContain('test/test-groups.test.ts');
    expect(files).toContain('test/lib/aws/addons/karpenter.test.ts');
    expect(files.filter((f) => f.startsWith('test/consumer/') || f.startsWith('test/groups/'))).toEqual([]);
    const byGroup = new Map(TEST_GROUPS.map(([name]) => [name, files.filter((f) => groupOf(f) === name)]));
    expect([...byGroup].filter(([, fs_]) => fs_.length === 0).map(([name]) => name)).toEqual([]);
    expect(groupOf('test/lib/aws/javascript-values-heavy.test.ts')).toBe('aws-values');
    expect(groupOf('test/lib/aws/vpc-network.test.ts')).toBe('aws');
    expect(groupOf('test/some-new-folder/thing.test.ts')).toBe('rest');
  });

  test('the group configuration runs the group entries, the default one the test files', () => {
    const groups = require('../jest.groups.config.js');
    const files = require('../jest.config.js');
    expect(groups.testMatch).toEqual(['<rootDir>/test/groups/*.test.ts']);
    expect(files.testPathIgnorePatterns).toContain('<rootDir>/test/groups/');
    expect(groups.setupFilesAfterEnv).toEqual(files.setupFilesAfterEnv);
  });

  test('the groups start longest first, in a fixed order that names every group once', () => {
    const Sequencer = require('./setup/group-sequencer.js');
    expect([...Sequencer.LONGEST_FIRST].sort()).toEqual(TEST_GROUPS.map(([name]) => name).sort());
    const entry = (name: string) => ({ path: path.join(__dirname, 'groups', `${name}.test.ts`), context: {} });
    const order = new Sequencer().sort(['mesh', 'zzz-unlisted', 'cli', 'aws-values', 'rest'].map(entry)).map((t: { path: string }) => path.basename(t.path, '.test.ts'));
    expect(order).toEqual(['aws-values', 'cli', 'rest', 'mesh', 'zzz-unlisted']);
  });
});

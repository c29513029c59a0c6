// The order in which `npm test` (jest.groups.config.js) starts its test groups: the longest first, so that jest's two
// workers finish together. Jest's own order uses each file's duration in its previous run, which a fresh clone (CI)
// does not have; it then starts the largest files first, and the group entries are all the same few lines, so the
// longest group could start last and run alone at the end.
'use strict';
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** The groups of test/helpers/test-groups.ts by their time on 2 cores, longest first (a group not listed runs last). */
const LONGEST_FIRST = ['aws-values', 'output', 'serverless-storage', 'cli', 'policy', 'aws', 'apps', 'workloads', 'security', 'networking', 'rest', 'mesh'];

const rank = (test) => {
  const i = LONGEST_FIRST.indexOf(path.basename(test.path, '.test.ts'));
  return i === -1 ? LONGEST_FIRST.length : i;
};

class GroupSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

module.exports = GroupSequencer;
module.exports.LONGEST_FIRST = LONGEST_FIRST;

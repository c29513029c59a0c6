import { AWS_PEER_DEPENDENCIES, missingAwsPeers } from '../../../lib/aws/require-peers';

const pkg = require('../../../package.json');

describe('keelson/aws peer dependencies', () => {
  test('are the optional peers of the package, with the same version ranges', () => {
    for (const [name, range] of Object.entries(AWS_PEER_DEPENDENCIES)) {
      expect([name, pkg.peerDependencies[name], pkg.peerDependenciesMeta[name]]).toEqual([name, range, { optional: true }]);
      expect(pkg.dependencies[name]).toBeUndefined();
    }
  });

  test('are found when installed, and reported by name when not', () => {
    expect(missingAwsPeers()).toEqual([]);
    const without = (missing: string) => (id: string) => {
      if (id.startsWith(missing)) {
        throw new Error(`Cannot find module '${id}'`);
      }
      return id;
    };
    expect(missingAwsPeers(without('@cdktf/provider-aws'))).toEqual(['@cdktf/provider-aws']);
    expect(missingAwsPeers(without('cdk'))).toEqual(['cdktf']);
  });
});

// keelson/aws needs cdktf and the AWS provider bindings, which are optional peer dependencies of keelson so that
// Kubernetes-only installs stay small (@cdktf/provider-aws alone is about 390 MB). Loaded first by lib/aws/index.ts.

/** The optional peer dependencies of `keelson/aws`, with the versions keelson is built and tested with. */
export const AWS_PEER_DEPENDENCIES: Readonly<Record<string, string>> = { 'cdktf': '^0.21.0', '@cdktf/provider-aws': '^21.22.1' };

/** The peers that cannot be resolved from keelson's location; empty when all are installed. */
export function missingAwsPeers(resolve: (id: string) => string = require.resolve): string[] {
  return Object.keys(AWS_PEER_DEPENDENCIES).filter((name) => {
    try {
      resolve(`${name}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
}

const missing = missingAwsPeers();
if (missing.length > 0) {
  const install = missing.map((name) => `${name}@"${AWS_PEER_DEPENDENCIES[name]}"`).join(' ');
  throw new Error(`keelson/aws needs ${missing.join(' and ')}, optional peer dependencies of keelson that are not installed. `
    + `Install them in your project: npm install ${install}`);
}

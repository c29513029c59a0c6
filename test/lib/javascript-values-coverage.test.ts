// The property-style value tests (test/lib/<family>/javascript-values.test.ts) must reach every public construct:
// each construct class exported from `keelson` and `keelson/aws` is named in some target's `covers`.
import { Construct } from 'constructs';
import * as keelson from '../../lib';
import * as aws from '../../lib/aws';
import { ACCESS_TARGETS } from './aws/access.values';
import { ADDONS_TARGETS } from './aws/addons.values';
import { CHECKOV_TARGETS } from './aws/checkov.values';
import { EKS_CLUSTER_TARGETS } from './aws/eks-cluster.values';
import { IDENTITY_TARGETS } from './aws/identity.values';
import { TARGETS as AWS_CORE } from './aws/javascript-values.targets';
import { STATE_TARGETS } from './aws/state.values';
import { VPC_TARGETS } from './aws/vpc.values';
import { TARGETS as EXTENSION } from './extension/javascript-values.targets';
import { TARGETS as MESH } from './mesh/javascript-values.targets';
import { TARGETS as NETWORKING } from './networking/javascript-values.targets';
import { TARGETS as SECURITY } from './security/javascript-values.targets';
import { TARGETS as SERVERLESS } from './serverless/javascript-values.targets';
import { TARGETS as STORAGE } from './storage/javascript-values.targets';
import { TARGETS as WORKLOADS } from './workloads/javascript-values.targets';

const AWS = [AWS_CORE, ACCESS_TARGETS, ADDONS_TARGETS, CHECKOV_TARGETS, EKS_CLUSTER_TARGETS, IDENTITY_TARGETS, STATE_TARGETS, VPC_TARGETS].flat();
const ALL = [AWS, EXTENSION, MESH, NETWORKING, SECURITY, SERVERLESS, STORAGE, WORKLOADS].flat();

/** Constructs tested elsewhere by design: AppStack (test/lib/core/app-stack.test.ts) and the abstract bases. */
const ELSEWHERE = ['AppStack', 'Resource', 'NamespacedResource', 'Workload'];

function constructClasses(entry: Record<string, unknown>): string[] {
  return Object.entries(entry)
    .filter(([, value]) => typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof Construct)
    .map(([name]) => name);
}

test('every public construct class has value targets', () => {
  const covered = new Set(ALL.flatMap((t) => (t.covers ?? []).map((c) => c.split('.')[0])));
  const classes = [...new Set([...constructClasses(keelson), ...constructClasses(aws)])];
  expect(classes.length).toBeGreaterThan(60);
  expect(classes.filter((c) => !covered.has(c) && !ELSEWHERE.includes(c)).sort()).toEqual([]);
});

test('what the targets say they cover exists', () => {
  const exported = new Set([...Object.keys(keelson), ...Object.keys(aws)]);
  const unknown = ALL.flatMap((t) => (t.covers ?? []).map((c) => c.split('.')[0])).filter((c) => !exported.has(c));
  expect(ALL.length).toBeGreaterThan(100);
  expect([...new Set(unknown)]).toEqual([]);
});

import { App as K8sApp } from 'cdk8s';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack, StateBackend, StateBucket, terraformApp } from '../../../lib/aws';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { synthesizeDeclared } from '../../helpers/terraform';

// Value targets of the state bucket's new props and of StateBackend.s3Partial: hostile JavaScript values at each path
// give a ValidationError or Terraform output whose every reference is declared. Explicit paths: each accepted value
// costs a synthesis.

const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const REPLICA_KEY = 'arn:aws:kms:us-east-1:123456789012:key/9876abcd-12ab-34cd-56ef-1234567890ab';

/** The cdktf App of the test app, made once. */
function tfApp(s: Construct): App {
  const root = s.node.root;
  return (root.node.tryFindChild('terraform-app') as unknown as { app: App } | undefined)?.app
    ?? Object.assign(new Construct(root, 'terraform-app'), { app: terraformApp(root as K8sApp) }).app;
}

/** Synthesizes the Terraform of the app and fails when accepted output references what it does not declare. */
function synthesized(s: Construct): void {
  synthesizeDeclared(s);
}

/** A StateBucket with these props in a platform stack "test" (us-west-2, local state). */
function stateBucket(s: Construct, props: any): void {
  new StateBucket(new PlatformStack(tfApp(s), 'test', { region: 'us-west-2', backend: StateBackend.local() }), 'state', props);
  synthesized(s);
}

export const STATE_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'StateBucket with a name prefix',
    props: () => ({
      namePrefix: 'terraform-state', kmsKeyArn: KEY, noncurrentVersions: { expireAfterDays: 30, keepNewest: 5 },
      accessLogs: { bucketName: 'acme-state-logs', expireAfterDays: 90 },
    }),
    paths: ['namePrefix', 'kmsKeyArn', 'noncurrentVersions', 'noncurrentVersions.expireAfterDays', 'noncurrentVersions.keepNewest',
      'accessLogs', 'accessLogs.bucketName', 'accessLogs.expireAfterDays'],
    build: stateBucket,
    covers: ['StateBucket'],
  },
  {
    name: 'StateBucket replicated',
    props: () => ({
      bucketName: 'acme-state', kmsKeyArn: KEY,
      replication: { destinationBucketArn: 'arn:aws:s3:::acme-state-replica', destinationKmsKeyArn: REPLICA_KEY, storageClass: 'STANDARD_IA' },
    }),
    paths: ['replication', 'replication.destinationBucketArn', 'replication.destinationKmsKeyArn', 'replication.storageClass'],
    build: stateBucket,
    covers: ['StateBucket'],
  },
  {
    name: 'StateBackend.s3Partial',
    props: () => ({ key: 'platform/terraform.tfstate', region: 'eu-west-1' }),
    paths: ['key', 'region'],
    build: (s, props) => {
      new PlatformStack(tfApp(s), 'platform', { region: 'us-west-2', backend: StateBackend.s3Partial(props) });
      synthesized(s);
    },
    covers: ['StateBackend.s3Partial'],
  },
];

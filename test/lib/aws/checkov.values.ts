import { App as K8sApp } from 'cdk8s';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack, StateBackend, StateBucket, suppressCheckov, terraformApp } from '../../../lib/aws';
import { artifactSources } from '../../../lib/output/artifacts';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';

// Value target of suppressCheckov: hostile JavaScript values as the check id, the risk and its reason give a
// ValidationError or Terraform output that is still JSON with the skip in it. Explicit paths: each accepted value
// costs a synthesis.

/** The cdktf App of the test app, made once. */
function tfApp(s: Construct): App {
  const root = s.node.root;
  return (root.node.tryFindChild('checkov-terraform-app') as unknown as { app: App } | undefined)?.app
    ?? Object.assign(new Construct(root, 'checkov-terraform-app'), { app: terraformApp(root as K8sApp) }).app;
}

export const CHECKOV_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'suppressCheckov',
    props: () => ({ checkId: 'CKV_AWS_21', risk: { reason: 'a test of the skip form' } }),
    paths: ['checkId', 'risk', 'risk.reason'],
    build: (s, props) => {
      const stack = new PlatformStack(tfApp(s), 'test', { region: 'us-west-2', backend: StateBackend.local() });
      const bucket = new StateBucket(stack, 'state', { bucketName: 'acme-state' }).bucket;
      suppressCheckov(bucket, props?.checkId, props?.risk);
      for (const source of artifactSources(s.node.root)) {
        for (const [file, text] of source.synthesize()) {
          const skips = file.endsWith('cdk.tf.json') ? JSON.parse(text).resource.aws_s3_bucket : undefined;
          if (skips && !JSON.stringify(skips).includes(`"id":${JSON.stringify(props.checkId)}`)) {
            throw new Error(`accepted ${JSON.stringify(props.checkId)}, but ${file} does not record the skip`);
          }
        }
      }
    },
    covers: ['suppressCheckov'],
  },
];

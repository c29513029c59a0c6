// What the AWS value targets share: stand-ins for constructs in valid props, and the Terraform App and platform stack
// "test" (us-west-2, local state) of the test app, made once per app.
import { App as K8sApp } from 'cdk8s';
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { PlatformStack, StateBackend, terraformApp } from '../../../lib/aws';

/** A stand-in for a construct in valid props, replaced by a real one when the build runs (so that a path can replace it). */
export class Placeholder {
  public constructor(public readonly what: string) {}
}

/** The Terraform App of the test app, made once. */
export function tfApp(s: Construct): App {
  const root = s.node.root;
  return (root.node.tryFindChild('terraform-app') as unknown as { app: App } | undefined)?.app
    ?? Object.assign(new Construct(root, 'terraform-app'), { app: terraformApp(root as K8sApp) }).app;
}

/** The platform stack "test" (us-west-2, local state) in the test app, made once. */
export function testStack(s: Construct): PlatformStack {
  const tf = tfApp(s);
  return (tf.node.tryFindChild('test') as PlatformStack | undefined) ?? new PlatformStack(tf, 'test', { region: 'us-west-2', backend: StateBackend.local() });
}

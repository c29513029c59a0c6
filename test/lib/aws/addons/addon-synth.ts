import { Chart } from 'cdk8s';
import { parse } from 'yaml';
import { EksCluster, PlatformStack, StateBackend, VpcNetwork, terraformApp } from '../../../../lib/aws';
import { AppStack } from '../../../../lib/core/app-stack';
import { Manifest } from '../../../../lib/output/manifest';
import { synthesizeDefinition } from '../../../../lib/output/synth-apps';
import { expectSchemaValid } from '../../../helpers/schemas';
import { TerraformJson, unresolvedReferences } from '../../../helpers/terraform';

/** What an add-on test app synthesizes: the Terraform stack, the YAML objects (schema-checked) and the helmfile. */
export interface AddonOutput {
  readonly tf: TerraformJson;
  readonly yaml: Manifest[];
  readonly helmfile: any;
}

/** The cluster, network and stack an add-on is declared with. */
export interface AddonScope {
  readonly stack: PlatformStack;
  readonly kubernetes: Chart;
  readonly network: VpcNetwork;
  readonly cluster: EksCluster;
}

/** Makes a platform stack "test" (us-west-2) with a VPC and the cluster "demo", and an AppStack "test". */
export function addonScope(app: Chart['node']['root'] | any): AddonScope {
  const kubernetes = new AppStack(app, 'test');
  const stack = new PlatformStack(terraformApp(app), 'test', { region: 'us-west-2', backend: StateBackend.local() });
  const network = new VpcNetwork(stack, 'net', { name: 'demo', availabilityZones: ['us-west-2a', 'us-west-2b'], natGateways: 'single' });
  const cluster = new EksCluster(stack, 'cluster', { name: 'demo', network, admins: ['arn:aws:iam::123456789012:role/admin'] });
  return { stack, kubernetes, network, cluster };
}

/** Synthesizes an app built by `build` in {@link addonScope}; checks the YAML against the schemas and the Terraform references. */
export function synthAddons(build: (s: AddonScope) => void): AddonOutput {
  const { folders } = synthesizeDefinition({ name: 'test', description: 'test', build: (app) => build(addonScope(app)) });
  const yaml = [...folders[0].files.values()].map((text) => parse(text) as Manifest);
  if (yaml.length > 0) {
    expectSchemaValid(yaml);
  }
  const tfText = folders.find((f) => f.name.startsWith('terraform/'))!.files.get('stacks/test/cdk.tf.json')!;
  const tf = JSON.parse(tfText);
  expect(unresolvedReferences(tf)).toEqual([]);
  const helm = folders.find((f) => f.name.startsWith('helm/'));
  return { tf, yaml, helmfile: helm ? parse(helm.files.get('helmfile.yaml')!) : undefined };
}

/** The IAM policy document (as the data source writes it) of the customer managed policy named `name`. */
export function policyStatements(tf: TerraformJson, name: string): any[] {
  const policy = Object.values(tf.resource.aws_iam_policy).find((p: any) => p.name === name) as any;
  expect(policy).toBeDefined();
  const ref = /data\.aws_iam_policy_document\.([\w-]+)\.json/.exec(policy.policy)![1];
  return tf.data.aws_iam_policy_document[ref].statement;
}

/** The one object of a kind (and name) in the YAML. */
export function objectOf(yaml: Manifest[], kind: string, name?: string): any {
  const found = yaml.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The release of the helmfile named `name`. */
export function releaseOf(helmfile: any, name: string): any {
  const found = (helmfile?.releases ?? []).filter((r: any) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

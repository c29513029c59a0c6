// The Terraform outputs of an EksCluster: what other stacks (and people) need to reach and extend the cluster. The
// network's ids are the VpcNetwork's own outputs (vpc_id, vpc_private_subnet_ids...).
import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';

/** The suffixes of the cluster's Terraform outputs (each written as `<prefix>_<suffix>`). */
export const CLUSTER_OUTPUTS = [
  'name', 'arn', 'endpoint', 'certificate_authority_data', 'kubeconfig', 'security_group_id', 'oidc_issuer_url', 'kms_key_arn',
] as const;

/** The values of the cluster's outputs. */
export interface ClusterOutputValues {
  readonly name: string;
  /** The cluster name as a plain string, for the kubeconfig. */
  readonly displayName: string;
  readonly arn: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  /** `--region <region>` for `aws eks get-token`, when the stack knows its region. */
  readonly regionArgs: readonly string[];
  readonly securityGroupId: string;
  readonly oidcIssuerUrl: string;
  readonly kmsKeyArn: string;
}

/** Writes the outputs `<prefix>_<suffix>` of {@link CLUSTER_OUTPUTS}, each with a description. */
export function clusterOutputs(scope: Construct, prefix: string, v: ClusterOutputValues): void {
  const output = (suffix: typeof CLUSTER_OUTPUTS[number], value: unknown, description: string) =>
    new TerraformOutput(scope, `output-${suffix}`, { value, description }).overrideLogicalId(`${prefix}_${suffix}`);
  output('name', v.name, 'Name of the EKS cluster');
  output('arn', v.arn, 'ARN of the EKS cluster');
  output('endpoint', v.endpoint, 'URL of the Kubernetes API server');
  output('certificate_authority_data', v.certificateAuthorityData, 'Base64 CA certificate of the API server');
  output('kubeconfig', Fn.yamlencode({
    'apiVersion': 'v1',
    'kind': 'Config',
    'clusters': [{ name: v.displayName, cluster: { 'server': v.endpoint, 'certificate-authority-data': v.certificateAuthorityData } }],
    'contexts': [{ name: v.displayName, context: { cluster: v.displayName, user: v.displayName } }],
    'current-context': v.displayName,
    'users': [{
      name: v.displayName,
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', v.displayName, ...v.regionArgs] } },
    }],
  }), 'kubeconfig that authenticates with `aws eks get-token`');
  output('security_group_id', v.securityGroupId, 'ID of the security group EKS attaches to the control plane and the managed nodes');
  output('oidc_issuer_url', v.oidcIssuerUrl, 'URL of the cluster\'s OpenID Connect issuer (for IAM roles for service accounts)');
  output('kms_key_arn', v.kmsKeyArn, 'ARN of the KMS key that encrypts Kubernetes Secrets and the control plane logs');
}

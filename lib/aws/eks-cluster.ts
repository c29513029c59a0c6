import { Fn, TerraformOutput, TerraformStack, Token, dependable } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { AWS_NAME, IAM_PRINCIPAL_ARN } from './aws-formats';
import { EksEndpointAccess } from './eks-endpoint-access';
import { DEFAULT_EKS_VERSION, EKS_VERSION_CALENDAR, inExtendedSupportOnly, inStandardSupport, standardSupportVersions } from './eks-versions';
import { awsManagedPolicy, serviceRole } from './iam';
import { ManagedNodeGroup, ManagedNodeGroupOptions } from './managed-node-group';
import { PlatformStack } from './platform-stack';
import { PodIdentity, PodIdentityProps } from './pod-identity';
import { VpcNetwork } from './vpc-network';

/** Control plane log types. */
export type ControlPlaneLogType = 'api' | 'audit' | 'authenticator' | 'controllerManager' | 'scheduler';
const ALL_LOG_TYPES: readonly ControlPlaneLogType[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** The EKS add-ons every cluster gets. */
export type EksAddonName = 'vpc-cni' | 'kube-proxy' | 'eks-pod-identity-agent' | 'coredns' | 'aws-ebs-csi-driver';
/** Add-ons the nodes need before they can join (networking, identity); the others need nodes to run on. */
const BEFORE_COMPUTE: readonly EksAddonName[] = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];
const AFTER_COMPUTE: readonly EksAddonName[] = ['coredns', 'aws-ebs-csi-driver'];

/** Props of an {@link EksCluster}. */
export interface EksClusterProps {
  /**
   * Cluster name.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Kubernetes version, in EKS standard support.
   * @default "1.35"
   */
  readonly version?: string;
  /**
   * Accepts a version in (paid) extended support, with the reason; required for such versions.
   * @default none
   */
  readonly extendedSupport?: AcceptedRisk;
  /** The VPC; the control plane and nodes use its private subnets. */
  readonly network: VpcNetwork;
  /**
   * API server endpoint access.
   * @default private endpoint only
   */
  readonly endpoint?: EksEndpointAccess;
  /** IAM roles or users (ARNs, or Terraform references) granted cluster admin through access entries. */
  readonly admins: string[];
  /**
   * Control plane log types sent to CloudWatch.
   * @default all five (api, audit, authenticator, controllerManager, scheduler)
   */
  readonly logTypes?: ControlPlaneLogType[];
  /**
   * Accepts fewer than all control plane log types, with the reason; required when logTypes leaves some out.
   * @default none
   */
  readonly partialLogging?: AcceptedRisk;
  /**
   * Days to keep control plane logs.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Pinned add-on versions, e.g. `{ coredns: 'v1.12.4-eksbuild.1' }`.
   * @default the most recent version for the cluster's Kubernetes version, resolved at plan time
   */
  readonly addonVersions?: Partial<Record<EksAddonName, string>>;
  /**
   * Prefix of the Terraform outputs (`<prefix>_name`, `_endpoint`, `_certificate_authority_data`, `_kubeconfig`).
   * @default "cluster"
   */
  readonly outputPrefix?: string;
}

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * An EKS cluster with the defaults of terraform-aws-eks v21, and stricter where Checkov asks for it: a cluster
 * role, secrets encrypted with a rotating KMS key, all control plane logs, a private endpoint (public only for
 * listed CIDRs), API authentication with access entries for the admins, and the add-ons vpc-cni (with network
 * policy enforcement), kube-proxy, coredns, eks-pod-identity-agent and aws-ebs-csi-driver (with its permissions
 * through pod identity). Add nodes with {@link addManagedNodeGroup}, AWS permissions for pods with
 * {@link addPodIdentity}.
 */
export class EksCluster extends Construct {
  /** The cluster name as a plain string. */
  public readonly name: string;
  /** The cluster name as a Terraform reference (use it so dependents wait for the cluster). */
  public readonly clusterName: string;
  /** The Kubernetes version. */
  public readonly version: string;
  /** The underlying `aws_eks_cluster`. */
  public readonly resource: EksClusterResource;
  /** The security group EKS attaches to the control plane and managed nodes. */
  public readonly clusterSecurityGroupId: string;
  private readonly network: VpcNetwork;
  private readonly beforeCompute: EksAddon[] = [];
  private readonly afterCompute: EksAddon[] = [];

  public constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.version = props.version ?? DEFAULT_EKS_VERSION;
    this.network = props.network;
    const endpoint = props.endpoint ?? EksEndpointAccess.PRIVATE;
    const logTypes = props.logTypes ?? [...ALL_LOG_TYPES];
    const retention = props.logRetentionDays ?? 90;
    const outputPrefix = props.outputPrefix ?? 'cluster';

    const v = PropsValidator.of(this);
    v.format('name', this.name, AWS_NAME, true);
    const known = Object.keys(EKS_VERSION_CALENDAR);
    if (v.check(known.includes(this.version), 'version', this.version, `an EKS version: ${standardSupportVersions().join(', ')} (standard support) or ${known.filter(inExtendedSupportOnly).join(', ')} (extended support, with a reason)`)) {
      v.check(inStandardSupport(this.version) || (inExtendedSupportOnly(this.version) && props.extendedSupport !== undefined),
        'version', this.version, `a version in standard support (${standardSupportVersions().join(', ')}), or extendedSupport: { reason } for a version in extended support`);
    }
    endpoint._validate(v);
    v.check(props.admins.length > 0, 'admins', props.admins, 'at least one IAM principal ARN granted cluster admin');
    props.admins.forEach((a, i) => {
      if (!Token.isUnresolved(a)) {
        v.format(`admins[${i}]`, a, IAM_PRINCIPAL_ARN, true);
      }
    });
    logTypes.forEach((t, i) => v.check(ALL_LOG_TYPES.includes(t), `logTypes[${i}]`, t, `one of ${ALL_LOG_TYPES.join(', ')}`));
    v.risk('extendedSupport', props.extendedSupport, 'a version in extended support is acceptable');
    v.risk('partialLogging', props.partialLogging, 'some control plane log types may be left out (Checkov CKV_AWS_37 wants all of them)');
    v.check(ALL_LOG_TYPES.every((t) => logTypes.includes(t)) || props.partialLogging !== undefined, 'partialLogging', props.partialLogging,
      'a reason for leaving control plane log types out, as partialLogging: { reason } (Checkov CKV_AWS_37 wants all of them)');
    v.check(RETENTION_DAYS.includes(retention), 'logRetentionDays', retention, `one of the CloudWatch retention periods: ${RETENTION_DAYS.join(', ')}`);
    v.check(/^[a-z][a-z0-9_]*$/.test(outputPrefix), 'outputPrefix', outputPrefix, 'a Terraform output name prefix of lowercase letters, digits and "_"');
    v.throwIfInvalid();

    const { role, permissions } = serviceRole(this, {
      name: `${this.name}-cluster`,
      service: 'eks.amazonaws.com',
      trustActions: ['sts:AssumeRole', 'sts:TagSession'],
      managedPolicyArns: [awsManagedPolicy('AmazonEKSClusterPolicy')],
    });

    const key = new KmsKey(this, 'secrets-key', {
      description: `Encrypts Kubernetes Secrets of EKS cluster ${this.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'secrets-key-alias', { name: `alias/eks/${this.name}`, targetKeyId: key.keyId });

    const logGroup = new CloudwatchLogGroup(this, 'logs', { name: `/aws/eks/${this.name}/cluster`, retentionInDays: retention });

    this.resource = new EksClusterResource(this, 'cluster', {
      name: this.name,
      version: this.version,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: this.network.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: endpoint.isPublic,
        publicAccessCidrs: endpoint.isPublic ? [...endpoint.publicCidrs] : undefined,
      },
      enabledClusterLogTypes: logTypes,
      encryptionConfig: { provider: { keyArn: key.arn }, resources: ['secrets'] },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      bootstrapSelfManagedAddons: false,
      dependsOn: [...permissions, logGroup],
    });
    this.clusterName = this.resource.name;
    this.clusterSecurityGroupId = this.resource.vpcConfig.clusterSecurityGroupId;

    props.admins.forEach((arn, i) => this.grantClusterAdmin(`admin-${i}`, arn));

    const ebs = this.addPodIdentity('ebs-csi', {
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [awsManagedPolicy('service-role/AmazonEBSCSIDriverPolicy')],
    });
    const addon = (name: EksAddonName, extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {}): EksAddon => {
      const version = props.addonVersions?.[name] ?? new DataAwsEksAddonVersion(this, `${name}-version`, {
        addonName: name, kubernetesVersion: this.resource.version, mostRecent: true,
      }).version;
      return new EksAddon(this, `addon-${name}`, {
        clusterName: this.clusterName,
        addonName: name,
        addonVersion: version,
        resolveConflictsOnCreate: 'NONE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        ...extra,
      });
    };
    for (const name of BEFORE_COMPUTE) {
      // The VPC CNI enforces NetworkPolicies itself (no Calico needed, unlike the book).
      this.beforeCompute.push(addon(name, name === 'vpc-cni' ? { configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }) } : {}));
    }
    for (const name of AFTER_COMPUTE) {
      this.afterCompute.push(addon(name, name === 'aws-ebs-csi-driver' ? { dependsOn: [ebs.association] } : {}));
    }

    const output = (suffix: string, value: string, description: string) =>
      new TerraformOutput(this, `output-${suffix}`, { value, description }).overrideLogicalId(`${outputPrefix}_${suffix}`);
    output('name', this.clusterName, 'Name of the EKS cluster');
    output('endpoint', this.resource.endpoint, 'URL of the Kubernetes API server');
    output('certificate_authority_data', this.resource.certificateAuthority.get(0).data, 'Base64 CA certificate of the API server');
    const stack = TerraformStack.of(this);
    const regionArgs = stack instanceof PlatformStack ? ['--region', stack.region] : [];
    output('kubeconfig', Fn.yamlencode({
      'apiVersion': 'v1',
      'kind': 'Config',
      'clusters': [{ name: this.name, cluster: { 'server': this.resource.endpoint, 'certificate-authority-data': this.resource.certificateAuthority.get(0).data } }],
      'contexts': [{ name: this.name, context: { cluster: this.name, user: this.name } }],
      'current-context': this.name,
      'users': [{
        name: this.name,
        user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'aws', args: ['eks', 'get-token', '--cluster-name', this.name, ...regionArgs] } },
      }],
    }), 'kubeconfig that authenticates with `aws eks get-token`');
  }

  /** IDs of the private subnets the cluster uses. */
  public get privateSubnetIds(): string[] {
    return this.network.privateSubnetIds;
  }

  /** Grants an IAM principal cluster admin through an access entry. */
  public grantClusterAdmin(id: string, principalArn: string): void {
    const entry = new EksAccessEntry(this, `${id}-access`, { clusterName: this.clusterName, principalArn, type: 'STANDARD' });
    new EksAccessPolicyAssociation(this, `${id}-policy`, {
      clusterName: this.clusterName,
      principalArn: entry.principalArn,
      policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      accessScope: { type: 'cluster' },
    });
  }

  /** Adds a managed node group in the private subnets; it waits for the networking add-ons. */
  public addManagedNodeGroup(id: string, options: ManagedNodeGroupOptions = {}): ManagedNodeGroup {
    const group = new ManagedNodeGroup(this, id, {
      ...options,
      clusterName: this.clusterName,
      clusterDisplayName: this.name,
      subnetIds: this.privateSubnetIds,
      dependsOn: this.beforeCompute,
    });
    for (const a of this.afterCompute) {
      a.dependsOn = [...(a.dependsOn ?? []), dependable(group.nodeGroup)];
    }
    return group;
  }

  /** Gives the pods of one ServiceAccount AWS permissions through EKS Pod Identity. */
  public addPodIdentity(id: string, props: Omit<PodIdentityProps, 'cluster'>): PodIdentity {
    return new PodIdentity(this, id, { ...props, cluster: this });
  }
}

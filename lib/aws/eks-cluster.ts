import { TerraformStack, dependable } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AcceptedRisk } from '../core/risk';
import { propNames } from '../core/resource';
import { PropsValidator, checkUnique, isObject } from '../core/validator';
import { AWS_NAME, EKS_ADDON_VERSION, IAM_PRINCIPAL_ARN, TERRAFORM_NAME } from './aws-formats';
import { suppressCheckov } from './checkov';
import { checkAccessEntryFree, claimAccessEntry } from './access-entry-grant';
import { ADDONS, EksAddonName, clusterAddons } from './eks-addons';
import { clusterKey } from './eks-cluster-key';
import { CLUSTER_OUTPUTS, clusterOutputs } from './eks-cluster-outputs';
import { EksEndpointAccess } from './eks-endpoint-access';
import { DEFAULT_EKS_VERSION, EKS_VERSION_CALENDAR, inExtendedSupportOnly, inStandardSupport, isKnownEksVersion, standardSupportVersions } from './eks-versions';
import { awsManagedPolicy, serviceRole } from './iam';
import { ManagedNodeGroup, ManagedNodeGroupOptions } from './managed-node-group';
import { PlatformStack, awsPartition } from './platform-stack';
import { PodIdentity, PodIdentityProps } from './pod-identity';
import { checkList, checkUniqueName, claimName, describedConstruct, readProps, stackOf, terraformScope, terraformString } from './prop-checks';
import { VpcNetwork } from './vpc-network';

/** Control plane log types. */
export type ControlPlaneLogType = 'api' | 'audit' | 'authenticator' | 'controllerManager' | 'scheduler';
const ALL_LOG_TYPES: readonly ControlPlaneLogType[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export type { EksAddonName } from './eks-addons';

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
   * Lets the cluster run in (paid) extended support, with the reason: `upgrade_policy` becomes EXTENDED, and versions
   * already in extended support are accepted. Without it the support type is STANDARD: when standard support ends, EKS
   * upgrades the cluster instead of moving it to extended support (about six times the hourly price).
   * @default none (support type STANDARD)
   */
  readonly extendedSupport?: AcceptedRisk;
  /**
   * Lets the cluster be deleted (EKS `deletion_protection` off), with the reason, e.g. a short-lived test cluster.
   * @default none (deletion protection on)
   */
  readonly allowDeletion?: AcceptedRisk;
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
   * Days to keep control plane logs (one of CloudWatch's retention periods). The audit log is evidence: Checkov
   * CKV_AWS_338 asks for at least a year, so fewer days need `shortLogRetention`.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Accepts a log retention under 365 days, with the reason; required for such a `logRetentionDays`.
   * @default none
   */
  readonly shortLogRetention?: AcceptedRisk;
  /**
   * Principals (IAM role or user ARNs, or Terraform references) that administer the cluster's KMS key besides the
   * account: manage its policy, rotation and deletion, but not encrypt or decrypt with it.
   * @default none (the account administers it through IAM)
   */
  readonly keyAdministrators?: string[];
  /**
   * Pinned add-on versions, e.g. `{ coredns: 'v1.12.4-eksbuild.1' }`.
   * @default EKS's default version of each add-on for the cluster's Kubernetes version, resolved at plan time
   */
  readonly addonVersions?: Partial<Record<EksAddonName, string>>;
  /**
   * Prefix of the Terraform outputs: `<prefix>_name`, `_arn`, `_endpoint`, `_certificate_authority_data`,
   * `_kubeconfig`, `_security_group_id`, `_oidc_issuer_url`, `_kms_key_arn` (the network's are the VpcNetwork's outputs).
   * @default "cluster"
   */
  readonly outputPrefix?: string;
}

const PROPS = propNames<EksClusterProps>()({
  name: true, version: true, extendedSupport: true, allowDeletion: true, network: true, endpoint: true, admins: true, logTypes: true,
  partialLogging: true, logRetentionDays: true, shortLogRetention: true, keyAdministrators: true, addonVersions: true, outputPrefix: true,
});
/** A prefix of Terraform output names. */
const OUTPUT_PREFIX = { ...TERRAFORM_NAME, description: 'a Terraform output name prefix of at most 64 lowercase letters, digits and "_", starting with a letter' };

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * An EKS cluster with the defaults of terraform-aws-eks v21, and stricter where Checkov asks for it: a cluster
 * role, secrets and control plane logs encrypted with a rotating KMS key whose policy names who may use it, all
 * control plane logs kept a year, a private endpoint (public only for listed CIDRs), API authentication with access
 * entries for the admins, standard support only and deletion protection, and the add-ons vpc-cni (with network
 * policy enforcement and its own pod identity), kube-proxy, coredns, eks-pod-identity-agent and aws-ebs-csi-driver
 * (with its permissions through pod identity). Add nodes with {@link addManagedNodeGroup}, AWS permissions for pods
 * with {@link addPodIdentity}.
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
  /** The cluster ARN (a Terraform reference). */
  public readonly arn: string;
  /** The URL of the cluster's OpenID Connect issuer (a Terraform reference), for IAM roles for service accounts. */
  public readonly oidcIssuerUrl: string;
  /** The KMS key that encrypts Kubernetes Secrets and the control plane logs. */
  public readonly key: KmsKey;
  /** The log group of the control plane logs. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The VPC the cluster and its nodes run in. */
  public readonly network: VpcNetwork;
  /** The principals granted cluster admin, with the id of their grant. */
  private readonly admins = new Map<string, string>();
  private readonly beforeCompute: EksAddon[] = [];
  private readonly afterCompute: EksAddon[] = [];

  public constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    this.name = p.name ?? id;
    this.version = p.version ?? DEFAULT_EKS_VERSION;
    const endpoint = p.endpoint ?? EksEndpointAccess.PRIVATE;
    const logTypes = p.logTypes ?? [...ALL_LOG_TYPES];
    const retention = p.logRetentionDays ?? 365;
    const outputPrefix = p.outputPrefix ?? 'cluster';

    // EKS allows 1-100 letters, digits, "-" and "_", a letter or digit first; keelson takes the subset that also
    // fits the IAM role, KMS alias and log group names made from it. Names are unique per account and region, and
    // the role "<name>-cluster" is global to the account: one cluster per name in an app.
    if (v.format('name', this.name, AWS_NAME, true)) {
      checkUniqueName(this, v, 'EKS cluster names', this.name, 'name', this.name, 'a cluster name no other EksCluster of this app has');
    }
    const known = Object.keys(EKS_VERSION_CALENDAR);
    if (v.check(isKnownEksVersion(this.version), 'version', this.version, `an EKS version: ${standardSupportVersions().join(', ')} (standard support) or ${known.filter(inExtendedSupportOnly).join(', ')} (extended support, with a reason)`)) {
      v.check(inStandardSupport(this.version) || (inExtendedSupportOnly(this.version) && p.extendedSupport !== undefined),
        'version', this.version, `a version in standard support (${standardSupportVersions().join(', ')}), or extendedSupport: { reason } for a version in extended support`);
    }
    v.check(p.network instanceof VpcNetwork, 'network', describedConstruct(p.network), 'a VpcNetwork (the cluster uses its private subnets)');
    v.check(endpoint instanceof EksEndpointAccess, 'endpoint', endpoint, 'EksEndpointAccess.PRIVATE or EksEndpointAccess.publicAndPrivate([...])');
    const admins = checkList(v, 'admins', p.admins, true, 'a list of IAM role or user ARNs granted cluster admin', (f, a) => terraformString(v, f, a, IAM_PRINCIPAL_ARN));
    if (admins) {
      v.check(admins.length > 0, 'admins', admins, 'at least one IAM principal ARN granted cluster admin');
      // EKS has one access entry per principal: a second one for the same ARN fails at apply time.
      checkUnique(v, 'admins', admins, (a) => (typeof a === 'string' ? a : undefined), 'an IAM principal');
    }
    const keyAdmins = checkList(v, 'keyAdministrators', p.keyAdministrators, false, 'a list of IAM role or user ARNs that administer the cluster\'s KMS key',
      (f, a) => terraformString(v, f, a, IAM_PRINCIPAL_ARN));
    if (keyAdmins) {
      // Each administrator once: a second entry is a copy-paste mistake, not a second grant.
      checkUnique(v, 'keyAdministrators', keyAdmins, (a) => (typeof a === 'string' ? a : undefined), 'an IAM principal');
    }
    checkList(v, 'logTypes', p.logTypes, false, `a list of control plane log types (${ALL_LOG_TYPES.join(', ')})`,
      (f, t) => v.check(ALL_LOG_TYPES.includes(t as ControlPlaneLogType), f, t, `one of ${ALL_LOG_TYPES.join(', ')}`));
    if (Array.isArray(p.logTypes)) {
      checkUnique(v, 'logTypes', p.logTypes, (t) => (typeof t === 'string' ? t : undefined), 'a log type');
    }
    v.risk('extendedSupport', p.extendedSupport, 'a version in extended support is acceptable');
    v.risk('allowDeletion', p.allowDeletion, 'the cluster may be deleted (deletion protection off)');
    v.risk('partialLogging', p.partialLogging, 'some control plane log types may be left out (Checkov CKV_AWS_37 wants all of them)');
    v.check(!Array.isArray(logTypes) || ALL_LOG_TYPES.every((t) => logTypes.includes(t)) || p.partialLogging !== undefined, 'partialLogging', p.partialLogging,
      'a reason for leaving control plane log types out, as partialLogging: { reason } (Checkov CKV_AWS_37 wants all of them)');
    v.risk('shortLogRetention', p.shortLogRetention, 'control plane logs may be kept less than a year (Checkov CKV_AWS_338 wants 365 days or more)');
    if (v.check(RETENTION_DAYS.includes(retention), 'logRetentionDays', retention, `one of the CloudWatch retention periods: ${RETENTION_DAYS.join(', ')}`)) {
      v.check(retention >= 365 || p.shortLogRetention !== undefined, 'logRetentionDays', retention,
        '365 days or more, or shortLogRetention: { reason } for a shorter retention (Checkov CKV_AWS_338 wants a year)');
    }
    v.check(p.shortLogRetention === undefined || !(retention >= 365), 'shortLogRetention', p.shortLogRetention,
      'no shortLogRetention when logRetentionDays is 365 or more (there is no risk to accept)');
    if (p.addonVersions !== undefined && v.knownProps('addonVersions', p.addonVersions, ADDONS)
      && v.check(p.addonVersions !== null && typeof p.addonVersions === 'object', 'addonVersions', p.addonVersions, 'an object of add-on versions by add-on name')) {
      for (const [name, version] of Object.entries(p.addonVersions)) {
        terraformString(v, `addonVersions.${name}`, version, EKS_ADDON_VERSION);
      }
    }
    const outputs = CLUSTER_OUTPUTS.map((suffix) => `${String(outputPrefix)}_${suffix}`);
    const outputRegistry = `Terraform outputs of ${stackOf(this)!.node.path}`;
    if (v.format('outputPrefix', outputPrefix, OUTPUT_PREFIX)) {
      // Two outputs of the same name in one stack: the second would replace the first.
      outputs.every((o) => checkUniqueName(this, v, outputRegistry, o, 'outputPrefix', outputPrefix,
        `a prefix whose outputs (${outputs.join(', ')}) no other construct in this stack writes`));
    }
    v.throwIfInvalid();
    this.network = p.network!;
    claimName(this, 'EKS cluster names', this.name);
    outputs.forEach((o) => claimName(this, outputRegistry, o));

    const { role, permissions } = serviceRole(this, {
      name: `${this.name}-cluster`,
      service: 'eks.amazonaws.com',
      trustActions: ['sts:AssumeRole', 'sts:TagSession'],
      managedPolicyArns: [awsManagedPolicy('AmazonEKSClusterPolicy')],
    });

    const logGroupName = `/aws/eks/${this.name}/cluster`;
    const { key } = clusterKey(this, { clusterName: this.name, clusterRoleArn: role.arn, logGroupName, keyAdministrators: p.keyAdministrators ?? [] });
    this.key = key;

    // EKS writes to this group once it exists (it would otherwise create one that never expires and is not encrypted).
    this.logGroup = new CloudwatchLogGroup(this, 'logs', { name: logGroupName, retentionInDays: retention, kmsKeyId: key.arn });
    if (p.shortLogRetention) {
      suppressCheckov(this.logGroup, 'CKV_AWS_338', p.shortLogRetention);
    }

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
      // STANDARD: at the end of standard support EKS upgrades the cluster; left out, EKS moves it to extended
      // support, billed at about six times the hourly price (terraform-aws-eks v21 leaves it to AWS's default).
      upgradePolicy: { supportType: p.extendedSupport ? 'EXTENDED' : 'STANDARD' },
      // Deleting a cluster takes its workloads and their state with it; v21 leaves deletion protection off.
      deletionProtection: p.allowDeletion === undefined,
      dependsOn: [...permissions, this.logGroup],
    });
    if (p.extendedSupport) {
      this.resource.addOverride('//.extended_support_reason', p.extendedSupport.reason);
    }
    if (endpoint.openToAnywhere) {
      // The public endpoint is open to every address, accepted with a reason: recorded where Checkov's CKV_AWS_38 and
      // keelson's eks-public-endpoint-open look.
      suppressCheckov(this.resource, 'CKV_AWS_38', endpoint.openToAnywhere);
    }
    if (p.allowDeletion) {
      this.resource.addOverride('//.allow_deletion_reason', p.allowDeletion.reason);
    }
    this.clusterName = this.resource.name;
    this.clusterSecurityGroupId = this.resource.vpcConfig.clusterSecurityGroupId;
    this.arn = this.resource.arn;
    this.oidcIssuerUrl = this.resource.identity.get(0).oidc.get(0).issuer;

    p.admins!.forEach((arn, i) => this.grantClusterAdmin(`admin-${i}`, arn));

    const ebsIdentity = this.addPodIdentity('ebs-csi', {
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      managedPolicyArns: [awsManagedPolicy('service-role/AmazonEBSCSIDriverPolicy')],
    });
    // The VPC CNI's association is part of its add-on: claim it, so that addPodIdentity cannot make a second one.
    claimName(this, 'pod identity associations', `${this.clusterName}/kube-system/aws-node`);
    const addons = clusterAddons(this, {
      clusterName: this.clusterName, displayName: this.name, clusterArn: this.arn, kubernetesVersion: this.version, versions: p.addonVersions ?? {}, ebsIdentity,
    });
    this.beforeCompute.push(...addons.beforeCompute);
    this.afterCompute.push(...addons.afterCompute);

    const stack = TerraformStack.of(this);
    clusterOutputs(this, outputPrefix, {
      name: this.clusterName,
      displayName: this.name,
      arn: this.arn,
      endpoint: this.resource.endpoint,
      certificateAuthorityData: this.resource.certificateAuthority.get(0).data,
      regionArgs: stack instanceof PlatformStack ? ['--region', stack.region] : [],
      securityGroupId: this.clusterSecurityGroupId,
      oidcIssuerUrl: this.oidcIssuerUrl,
      kmsKeyArn: key.arn,
    });
  }

  /** IDs of the private subnets the cluster uses. */
  public get privateSubnetIds(): string[] {
    return this.network.privateSubnetIds;
  }

  /** Grants an IAM principal cluster admin through an access entry. */
  public grantClusterAdmin(id: string, principalArn: string): void {
    const v = PropsValidator.of(this);
    v.check(typeof id === 'string' && /^[\w.-]{1,63}$/.test(id) && this.node.tryFindChild(`${id}-access`) === undefined, 'grantClusterAdmin(id)', id,
      'an id of 1-63 letters, digits, "_", "." or "-" that no other grant of this cluster has (the admins take "admin-0", "admin-1"...)');
    if (terraformString(v, 'grantClusterAdmin(principalArn)', principalArn, IAM_PRINCIPAL_ARN)) {
      // EKS has one access entry per principal and cluster.
      const owner = this.admins.get(principalArn);
      if (v.check(owner === undefined, 'grantClusterAdmin(principalArn)', principalArn,
        `an IAM principal that is not already a cluster admin (its access entry is "${owner}"; EKS has one access entry per principal)`)) {
        // Nor an access entry another construct (CiAccess, SsmAccessHost) made for it.
        checkAccessEntryFree(this, v, this, 'grantClusterAdmin(principalArn)', principalArn);
      }
    }
    v.throwIfInvalid();
    this.admins.set(principalArn, id);
    claimAccessEntry(this, this, principalArn);
    const entry = new EksAccessEntry(this, `${id}-access`, { clusterName: this.clusterName, principalArn, type: 'STANDARD' });
    new EksAccessPolicyAssociation(this, `${id}-policy`, {
      clusterName: this.clusterName,
      principalArn: entry.principalArn,
      policyArn: `arn:${awsPartition(this)}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: 'cluster' },
    });
  }

  /** Adds a managed node group in the private subnets; it waits for the networking add-ons. */
  public addManagedNodeGroup(id: string, options: ManagedNodeGroupOptions = {}): ManagedNodeGroup {
    const v = PropsValidator.of(this);
    v.check(isObject(options), 'addManagedNodeGroup(options)', options, 'an object of node group options, such as { instanceTypes: ["m7i.large"] }');
    v.throwIfInvalid();
    const group = new ManagedNodeGroup(this, id, {
      ...options,
      clusterName: this.clusterName,
      clusterDisplayName: this.name,
      subnetIds: this.privateSubnetIds,
      vpcId: this.network.vpc.id,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
      dependsOn: this.beforeCompute,
    });
    for (const a of this.afterCompute) {
      a.dependsOn = [...(a.dependsOn ?? []), dependable(group.nodeGroup)];
    }
    return group;
  }

  /** Gives the pods of one ServiceAccount AWS permissions through EKS Pod Identity. */
  public addPodIdentity(id: string, props: Omit<PodIdentityProps, 'cluster'>): PodIdentity {
    const v = PropsValidator.of(this);
    if (v.check(isObject(props), 'addPodIdentity(props)', props, 'an object of pod identity props: { namespace, serviceAccount, ... }')) {
      v.check(!Object.hasOwn(props, 'cluster'), 'addPodIdentity(props).cluster', (props as { cluster?: unknown }).cluster,
        'no cluster: addPodIdentity gives the pod identity this cluster');
    }
    v.throwIfInvalid();
    return new PodIdentity(this, id, { ...props, cluster: this });
  }
}

// The EKS add-ons of an EksCluster. Kept apart from eks-cluster.ts, which builds the cluster itself.
import { Construct } from 'constructs';
import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAddon, EksAddonConfig } from '@cdktf/provider-aws/lib/eks-addon';
import { boundedName } from '../core/names';
import { awsManagedPolicy, serviceRole } from './iam';
import { awsAccountId } from './platform-stack';
import { PodIdentity } from './pod-identity';

/** The EKS add-ons every cluster gets. */
export type EksAddonName = 'vpc-cni' | 'kube-proxy' | 'eks-pod-identity-agent' | 'coredns' | 'aws-ebs-csi-driver';
/** Add-ons the nodes need before they can join (networking, identity); the others need nodes to run on. */
export const BEFORE_COMPUTE: readonly EksAddonName[] = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'];
export const AFTER_COMPUTE: readonly EksAddonName[] = ['coredns', 'aws-ebs-csi-driver'];
export const ADDONS: readonly EksAddonName[] = [...BEFORE_COMPUTE, ...AFTER_COMPUTE];

/** What {@link clusterAddons} needs. */
export interface ClusterAddonsProps {
  /** The cluster name as a Terraform reference (so the add-ons wait for the cluster). */
  readonly clusterName: string;
  /** The cluster name as a plain string (for role names). */
  readonly displayName: string;
  /** The cluster ARN (a Terraform reference), for the trust condition of the add-on roles. */
  readonly clusterArn: string;
  /** The Kubernetes version as a plain string: the version look-ups then do not depend on the cluster resource. */
  readonly kubernetesVersion: string;
  /** Pinned versions; the others are EKS's default version for the Kubernetes version. */
  readonly versions: Partial<Record<EksAddonName, string>>;
  /** The pod identity of the EBS CSI controller. */
  readonly ebsIdentity: PodIdentity;
}

/** The add-ons, in the two groups the node groups order themselves between. */
export interface ClusterAddons {
  readonly beforeCompute: EksAddon[];
  readonly afterCompute: EksAddon[];
}

/**
 * The five add-ons, with the settings of terraform-aws-eks v21's `addons` input where keelson has no reason to differ:
 *
 * - the version: pinned in `versions`, or else EKS's default version for the cluster's Kubernetes version
 *   (`most_recent = false`). v21 defaults to `most_recent = true`, but the most recent build changes whenever AWS
 *   publishes one, so a plan with no change in the code could upgrade an add-on; the default version moves only with
 *   the Kubernetes version. The look-up takes the version as written, not the cluster's attribute, so a change to
 *   the cluster does not show all five add-ons as changing;
 * - `resolve_conflicts_on_create = "NONE"` and `resolve_conflicts_on_update = "OVERWRITE"` (v21's defaults): the
 *   configuration is Terraform's, and a field changed by hand in the cluster is set back on the next update;
 * - `preserve = true` (v21's default): deleting the add-on resource leaves its software running, so a refactoring
 *   of the Terraform never takes pod networking (vpc-cni) or DNS (coredns) away from a running cluster;
 * - vpc-cni with NetworkPolicy enforcement, and its AWS permissions (AmazonEKS_CNI_Policy) through EKS Pod Identity
 *   for kube-system/aws-node rather than on the node role (EKS best practices: pods should not share the node's
 *   permissions); the association is part of the add-on (`pod_identity_association`).
 */
export function clusterAddons(scope: Construct, props: ClusterAddonsProps): ClusterAddons {
  const cni = new Construct(scope, 'vpc-cni-identity');
  // The role name and trust follow PodIdentity's: "<cluster>-<namespace>-<service account>", trusted by EKS Pod
  // Identity for this account, this cluster and this ServiceAccount only (its session tags name it).
  const cniRole = serviceRole(cni, {
    name: boundedName(`${props.displayName}-kube-system-aws-node`, 64),
    service: 'pods.eks.amazonaws.com',
    trustActions: ['sts:AssumeRole', 'sts:TagSession'],
    trustConditions: [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [awsAccountId(scope)] },
      { test: 'ArnEquals', variable: 'aws:SourceArn', values: [props.clusterArn] },
      { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: ['kube-system'] },
      { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: ['aws-node'] },
    ],
    managedPolicyArns: [awsManagedPolicy('AmazonEKS_CNI_Policy')],
  });

  const addon = (name: EksAddonName, extra: Partial<EksAddonConfig> = {}): EksAddon => {
    const version = props.versions[name] ?? new DataAwsEksAddonVersion(scope, `${name}-version`, {
      addonName: name, kubernetesVersion: props.kubernetesVersion, mostRecent: false,
    }).version;
    return new EksAddon(scope, `addon-${name}`, {
      clusterName: props.clusterName,
      addonName: name,
      addonVersion: version,
      resolveConflictsOnCreate: 'NONE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      preserve: true,
      ...extra,
    });
  };
  const extras: Partial<Record<EksAddonName, Partial<EksAddonConfig>>> = {
    'vpc-cni': {
      // The VPC CNI enforces NetworkPolicies itself (no Calico needed, unlike the book).
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
      podIdentityAssociation: [{ serviceAccount: 'aws-node', roleArn: cniRole.role.arn }],
      dependsOn: cniRole.permissions,
    },
    'aws-ebs-csi-driver': { dependsOn: [props.ebsIdentity.association] },
  };
  return {
    beforeCompute: BEFORE_COMPUTE.map((name) => addon(name, extras[name])),
    afterCompute: AFTER_COMPUTE.map((name) => addon(name, extras[name])),
  };
}

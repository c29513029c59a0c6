import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Token } from 'cdktf';
import { DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { boundedName } from '../core/names';
import { propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { ServiceAccount } from '../security/service-account';
import { ARN } from './aws-formats';
import { PolicyStatement, serviceRole, validatePolicies } from './iam';
import { PlatformStack, awsAccountId } from './platform-stack';
import { checkUniqueName, claimName, describedConstruct, readProps, terraformScope, terraformString } from './prop-checks';

/** The cluster a pod identity belongs to. */
export interface IPodIdentityCluster {
  /** Cluster name (a Terraform reference, so the association waits for the cluster). */
  readonly clusterName: string;
  /** Cluster name as a plain string, for naming the role. */
  readonly name: string;
  /**
   * Cluster ARN (a Terraform reference), for the trust policy's `aws:SourceArn` condition.
   * @default built from the stack's partition, region and account and `clusterName`
   */
  readonly arn?: string;
}

/** Props of a {@link PodIdentity}. */
export interface PodIdentityProps {
  /** The EKS cluster. */
  readonly cluster: IPodIdentityCluster;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /** Name of the ServiceAccount. */
  readonly serviceAccount: string;
  /**
   * AWS managed (or your own) policies for the role.
   * @default none
   */
  readonly managedPolicyArns?: string[];
  /**
   * Inline policy statements for the role.
   * @default none
   */
  readonly statements?: PolicyStatement[];
  /**
   * A cdk8s scope in which to emit the matching ServiceAccount. Leave out when something else creates it, such as
   * an EKS add-on or a Helm chart.
   * @default no ServiceAccount is emitted
   */
  readonly kubernetesScope?: Construct;
  /**
   * Mounts an API token into pods of the emitted ServiceAccount (for controllers); the reason is recorded.
   * @default no token
   */
  readonly automountToken?: { readonly reason: string };
}

const PROPS = propNames<PodIdentityProps>()({
  cluster: true, namespace: true, serviceAccount: true, managedPolicyArns: true, statements: true, kubernetesScope: true, automountToken: true,
});

/** An EKS cluster name, or its Terraform reference. */
const EKS_CLUSTER_REF = {
  test: (v: unknown) => typeof v === 'string' && /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(v),
  description: 'an EKS cluster name (1-100 letters, digits, "-" or "_") or its Terraform reference',
};

/** The ARN of an EKS cluster. */
const EKS_CLUSTER_ARN = {
  test: (v: unknown) => typeof v === 'string' && ARN.test(v) && /^arn:[\w-]+:eks:[\w-]+:\d{12}:cluster\/[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(v),
  description: 'an EKS cluster ARN such as "arn:aws:eks:us-west-2:123456789012:cluster/demo", or its Terraform reference',
};

/**
 * EKS Pod Identity for one ServiceAccount, declared once: the IAM role (trusted by `pods.eks.amazonaws.com`)
 * with its policies, the `aws_eks_pod_identity_association`, and, when asked, the Kubernetes ServiceAccount in the
 * YAML. The namespace and account name are given here only, so the two sides cannot drift apart.
 *
 * The role trusts only this ServiceAccount of this cluster: its trust statement requires `aws:SourceAccount` (this
 * account) and `aws:SourceArn` (the cluster), the confused deputy guard of the EKS user guide, and the session tags
 * `kubernetes-namespace` and `kubernetes-service-account` that EKS Pod Identity sets, as the EKS Pod Identity role
 * guide shows (without them any association in the account could use the role).
 */
export class PodIdentity extends Construct {
  /** The role the pods receive. */
  public readonly role: IamRole;
  /** The association of role and ServiceAccount. */
  public readonly association: EksPodIdentityAssociation;
  /** Namespace of the ServiceAccount. */
  public readonly namespace: string;
  /** Name of the ServiceAccount. */
  public readonly serviceAccount: string;

  public constructor(scope: Construct, id: string, props: PodIdentityProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    const cluster = p.cluster as Partial<IPodIdentityCluster> | undefined;
    if (v.check(isObject(cluster), 'cluster', describedConstruct(cluster), 'the EKS cluster (an EksCluster, or { clusterName, name })')) {
      terraformString(v, 'cluster.clusterName', cluster!.clusterName, EKS_CLUSTER_REF);
      terraformString(v, 'cluster.name', cluster!.name, EKS_CLUSTER_REF);
      if (cluster!.arn !== undefined) {
        terraformString(v, 'cluster.arn', cluster!.arn, EKS_CLUSTER_ARN);
      } else {
        // The ARN is built from the stack's region.
        v.check(this.node.scopes.some((s) => s instanceof PlatformStack), 'cluster.arn', cluster!.arn,
          'the cluster ARN, or a PlatformStack around the pod identity (whose region and account make the ARN)');
      }
    }
    v.format('namespace', p.namespace, DNS_LABEL, true);
    v.format('serviceAccount', p.serviceAccount, OBJECT_NAME, true);
    validatePolicies(v, p.managedPolicyArns, p.statements);
    v.check((Array.isArray(p.managedPolicyArns) ? p.managedPolicyArns.length : 0) + (Array.isArray(p.statements) ? p.statements.length : 0) > 0,
      'managedPolicyArns', p.managedPolicyArns, 'at least one managed policy or statement (a pod identity without permissions is a mistake)');
    v.check(p.kubernetesScope === undefined || (p.kubernetesScope instanceof Construct && p.kubernetesScope.node.scopes.some((c) => Chart.isChart(c))),
      'kubernetesScope', describedConstruct(p.kubernetesScope), 'a construct of the Kubernetes side (an AppStack, a SecureNamespace...) for the ServiceAccount');
    v.risk('automountToken', p.automountToken, 'the pods need a Kubernetes API token');
    v.check(p.automountToken === undefined || p.kubernetesScope !== undefined, 'automountToken', p.automountToken,
      'no automountToken without a kubernetesScope (the ServiceAccount it applies to is emitted only there)');
    // EKS has one association per ServiceAccount and cluster; the role name is made from the three.
    const key = `${String(cluster?.clusterName)}/${String(p.namespace)}/${String(p.serviceAccount)}`;
    checkUniqueName(this, v, 'pod identity associations', key, 'serviceAccount', p.serviceAccount,
      `a ServiceAccount of namespace "${String(p.namespace)}" that no other PodIdentity of this cluster has (EKS has one association per ServiceAccount)`);
    v.throwIfInvalid();
    claimName(this, 'pod identity associations', key);
    props = p as PodIdentityProps;
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;

    const roleName = boundedName(`${Token.isUnresolved(props.cluster.name) ? 'eks' : props.cluster.name}-${props.namespace}-${props.serviceAccount}`, 64);
    const { role, permissions } = serviceRole(this, {
      name: roleName,
      service: 'pods.eks.amazonaws.com',
      trustActions: ['sts:AssumeRole', 'sts:TagSession'],
      trustConditions: [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [awsAccountId(this)] },
        { test: 'ArnEquals', variable: 'aws:SourceArn', values: [props.cluster.arn ?? PlatformStack.of(this).regionalArn('eks', `cluster/${props.cluster.clusterName}`)] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: [props.namespace] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: [props.serviceAccount] },
      ],
      managedPolicyArns: props.managedPolicyArns,
      statements: props.statements,
    });
    this.role = role;
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.cluster.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: role.arn,
      dependsOn: permissions,
    });

    if (props.kubernetesScope) {
      new ServiceAccount(props.kubernetesScope, `${props.namespace}-${props.serviceAccount}`, {
        name: props.serviceAccount,
        namespace: props.namespace,
        automountToken: props.automountToken,
      });
    }
  }
}

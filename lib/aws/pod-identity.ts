import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Token } from 'cdktf';
import { DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { boundedName } from '../core/names';
import { PropsValidator } from '../core/validator';
import { ServiceAccount } from '../security/service-account';
import { PolicyStatement, serviceRole, validatePolicies } from './iam';

/** The cluster a pod identity belongs to. */
export interface IPodIdentityCluster {
  /** Cluster name (a Terraform reference, so the association waits for the cluster). */
  readonly clusterName: string;
  /** Cluster name as a plain string, for naming the role. */
  readonly name: string;
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

/**
 * EKS Pod Identity for one ServiceAccount, declared once: the IAM role (trusted by `pods.eks.amazonaws.com`)
 * with its policies, the `aws_eks_pod_identity_association`, and, when asked, the Kubernetes ServiceAccount in the
 * YAML. The namespace and account name are given here only, so the two sides cannot drift apart.
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
    super(scope, id);
    const v = PropsValidator.of(this);
    v.format('namespace', props.namespace, DNS_LABEL, true);
    v.format('serviceAccount', props.serviceAccount, OBJECT_NAME, true);
    validatePolicies(v, props.managedPolicyArns, props.statements);
    v.check((props.managedPolicyArns?.length ?? 0) + (props.statements?.length ?? 0) > 0, 'managedPolicyArns', props.managedPolicyArns,
      'at least one managed policy or statement (a pod identity without permissions is a mistake)');
    v.throwIfInvalid();
    this.namespace = props.namespace;
    this.serviceAccount = props.serviceAccount;

    const roleName = boundedName(`${Token.isUnresolved(props.cluster.name) ? 'eks' : props.cluster.name}-${props.namespace}-${props.serviceAccount}`, 64);
    const { role, permissions } = serviceRole(this, {
      name: roleName,
      service: 'pods.eks.amazonaws.com',
      trustActions: ['sts:AssumeRole', 'sts:TagSession'],
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

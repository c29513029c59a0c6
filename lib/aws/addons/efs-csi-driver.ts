import { Construct } from 'constructs';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { PropsValidator } from '../../core/validator';
import { awsManagedPolicy } from '../iam';
import { PodIdentity } from '../pod-identity';
import { terraformScope } from '../prop-checks';
import { checkEksAddonProps, eksAddon } from './eks-addon-props';
import { EksAddonProps } from './metrics-server';

/**
 * The Amazon EFS CSI driver as the EKS add-on `aws-efs-csi-driver`, with the pod identity of its controller
 * (`kube-system/efs-csi-controller-sa`, which the add-on creates) holding the AWS managed policy
 * AmazonEFSCSIDriverPolicy: it creates and deletes EFS access points for dynamically provisioned volumes (an
 * EfsStorageClass). The add-on waits for the association, so the controller starts with its permissions.
 */
export class EfsCsiDriver extends Construct {
  /** The `aws_eks_addon`. */
  public readonly addon: EksAddon;
  /** The controller's pod identity. */
  public readonly identity: PodIdentity;

  public constructor(scope: Construct, id: string, props: EksAddonProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = checkEksAddonProps(this, v, props, 'aws-efs-csi-driver');
    v.throwIfInvalid();
    this.identity = new PodIdentity(this, 'identity', {
      cluster: p.cluster!,
      namespace: 'kube-system',
      serviceAccount: 'efs-csi-controller-sa',
      managedPolicyArns: [awsManagedPolicy('service-role/AmazonEFSCSIDriverPolicy')],
    });
    this.addon = eksAddon(this, p, 'aws-efs-csi-driver', { dependsOn: [this.identity.association] });
  }
}

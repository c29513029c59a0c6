import { Construct } from 'constructs';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { PropsValidator } from '../../core/validator';
import { EksCluster } from '../eks-cluster';
import { ManagedNodeGroup } from '../managed-node-group';
import { terraformScope } from '../prop-checks';
import { checkEksAddonProps, eksAddon } from './eks-addon-props';

/** Props of an EKS add-on declared by keelson ({@link MetricsServer}, {@link EfsCsiDriver}). */
export interface EksAddonProps {
  /** The EKS cluster. */
  readonly cluster: EksCluster;
  /**
   * Pinned add-on version, e.g. "v0.8.0-eksbuild.1".
   * @default EKS's default version for the cluster's Kubernetes version, looked up at plan time
   */
  readonly version?: string;
  /**
   * Node groups the add-on's pods run on: EKS reports the add-on active only once they run, so it waits for them.
   * @default none
   */
  readonly nodeGroups?: ManagedNodeGroup[];
}

/**
 * metrics-server as the EKS community add-on `metrics-server` (AWS builds, versions and updates it; no chart and no AWS
 * permissions). It serves the `metrics.k8s.io` API that HorizontalPodAutoscalers and `kubectl top` read.
 */
export class MetricsServer extends Construct {
  /** The `aws_eks_addon`. */
  public readonly addon: EksAddon;

  public constructor(scope: Construct, id: string, props: EksAddonProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = checkEksAddonProps(this, v, props, 'metrics-server');
    v.throwIfInvalid();
    this.addon = eksAddon(this, p, 'metrics-server');
  }
}

import { appDescription } from '../catalogue';
import { AppDefinition, AppStack, EbsStorageClass, GatewayClass, GatewayController } from '../../lib';
import { terraformApp } from '../../lib/aws';
import { ClusterStack } from './cluster-stack';
import { PLATFORM } from './platform';
import { StateStack } from './state-stack';

/** The Workshop's AWS platform (ch. 11-12): Terraform stacks plus the cluster-wide Kubernetes objects. */
export const eksPlatformApp: AppDefinition = {
  name: 'eks-platform',
  description: appDescription('eks-platform'),
  build: (app) => {
    // Cluster-wide Kubernetes objects, applied by GitOps once the cluster exists.
    const kubernetes = new AppStack(app, 'eks-platform');
    new EbsStorageClass(kubernetes, 'gp3', { name: PLATFORM.storageClass });
    // The GatewayClass of the cluster's Gateway API implementation (Envoy Gateway), which apps' Gateways name.
    new GatewayClass(kubernetes, 'gateway-class', {
      controller: GatewayController.ENVOY_GATEWAY,
      description: 'Envoy Gateway, successor of the retired ingress-nginx',
    });

    const terraform = terraformApp(app);
    new StateStack(terraform, 'eks-platform-state');
    new ClusterStack(terraform, 'eks-platform', kubernetes);
  },
};

// Cloud add-ons: each declares its IAM (a pod identity limited to what it needs), its ServiceAccount and its pinned chart
// or EKS add-on at once.
export * from './cloud-addon';
export * from './aws-load-balancer-controller';
export * from './route53-zone';
export * from './external-dns';
export * from './external-secrets';
export * from './karpenter';
export * from './karpenter-policy';
export * from './cluster-autoscaler';
export * from './metrics-server';
export * from './efs-csi-driver';

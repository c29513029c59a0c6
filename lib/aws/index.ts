// AWS through cdktf: the `keelson/aws` entry point. Kept apart from the main entry so that Kubernetes-only users do
// not load cdktf (archived upstream; the community fork is cdktn) or the AWS provider bindings. The peer check comes
// first, so that a missing cdktf or provider package is reported with the command that installs it.
export * from './require-peers';
export * from './addons';
export * from './aws-formats';
export * from './checkov';
export * from './ci-access';
export * from './eks-cluster';
export * from './eks-endpoint-access';
export * from './eks-versions';
export * from './elasticache-redis';
export * from './iam';
export * from './managed-node-group';
export * from './managed-secret';
export * from './platform-stack';
export * from './pod-identity';
export * from './private-dns-alias';
export * from './private-dns-zone';
export * from './ssm-access-host';
export * from './state-backend';
export * from './state-bucket';
export * from './terraform-app';
export * from './vpc-network';

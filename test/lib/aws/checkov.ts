import { inStandardSupport } from '../../../lib/aws/eks-versions';
import { TerraformJson, resources } from '../../helpers/terraform';

/**
 * The EKS checks of Checkov, re-implemented over Terraform JSON (Checkov itself cannot run here). Each returns the
 * addresses that fail it.
 */
export const CHECKOV: Record<string, { title: string; failing(tf: TerraformJson): string[] }> = {
  CKV_AWS_37: {
    title: 'EKS control plane logging enabled for all log types',
    failing: (tf) => clusters(tf).filter(([, c]) => !['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']
      .every((t) => (c.enabled_cluster_log_types ?? []).includes(t))).map(([n]) => n),
  },
  CKV_AWS_38: {
    title: 'EKS public endpoint not open to 0.0.0.0/0',
    failing: (tf) => clusters(tf).filter(([, c]) => c.vpc_config.endpoint_public_access !== false
      && (c.vpc_config.public_access_cidrs === undefined || c.vpc_config.public_access_cidrs.includes('0.0.0.0/0'))).map(([n]) => n),
  },
  CKV_AWS_39: {
    title: 'EKS public endpoint disabled',
    failing: (tf) => clusters(tf).filter(([, c]) => c.vpc_config.endpoint_public_access !== false).map(([n]) => n),
  },
  CKV_AWS_58: {
    title: 'EKS secrets encryption enabled',
    failing: (tf) => clusters(tf).filter(([, c]) => !(c.encryption_config?.resources ?? []).includes('secrets') || !c.encryption_config?.provider?.key_arn).map(([n]) => n),
  },
  CKV_AWS_100: {
    title: 'EKS node group does not allow SSH from 0.0.0.0/0',
    failing: (tf) => Object.entries(tf.resource?.aws_eks_node_group ?? {})
      .filter(([, g]: [string, any]) => g.remote_access && !(g.remote_access.source_security_group_ids?.length > 0)).map(([n]) => n),
  },
  CKV_AWS_339: {
    title: 'EKS cluster runs a supported Kubernetes version',
    failing: (tf) => clusters(tf).filter(([, c]) => !inStandardSupport(c.version)).map(([n]) => n),
  },
};

function clusters(tf: TerraformJson): Array<[string, any]> {
  return Object.entries(tf.resource?.aws_eks_cluster ?? {});
}

/** Checks that fail, as "CKV_x: address". */
export function checkovFailures(tf: TerraformJson): string[] {
  expect(resources(tf, 'aws_eks_cluster').length).toBeGreaterThan(0);
  return Object.entries(CHECKOV).flatMap(([id, check]) => check.failing(tf).map((n) => `${id}: ${n}`));
}

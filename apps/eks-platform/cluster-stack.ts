import { Construct } from 'constructs';
import { EksCluster, ElastiCacheRedis, ManagedSecret, PlatformStack, PrivateDnsZone, StateBackend, VpcNetwork } from '../../lib/aws';
import { PLATFORM } from './platform';
import { K8SAUDIT_EKS_LOG_ACTIONS } from '../../lib/security/falco-install';

/**
 * Ex 12.02 (the EKS cluster) and Activity 12.01 (ElastiCache), by intent on current AWS: the same VPC range over
 * three zones, now with private subnets and NAT; the cluster `terraform-eks-demo` with a managed node group of two
 * general-purpose nodes; and a Redis that only the nodes can reach, whose endpoint the counter app reads without
 * anyone copying it.
 */
export class ClusterStack extends PlatformStack {
  public constructor(scope: Construct, id: string, kubernetes: Construct) {
    super(scope, id, { region: PLATFORM.region, backend: StateBackend.s3({ bucket: PLATFORM.stateBucket }) });

    const network = new VpcNetwork(this, 'network', { name: PLATFORM.clusterName, cidr: PLATFORM.vpcCidr, azCount: 3 });

    const cluster = new EksCluster(this, 'cluster', {
      name: PLATFORM.clusterName,
      network,
      admins: [this.stringVariable('admin_principal_arn', 'IAM role or user that administers the cluster')],
    });
    // The book's two m4.large workers; m4 is a retired generation, m7i.large has the same 2 vCPU / 8 GiB.
    cluster.addManagedNodeGroup('general', { instanceTypes: ['m7i.large'], minSize: 2, desiredSize: 2, maxSize: 4 });

    // External Secrets reads the app secrets with its own pod identity; its ServiceAccount is in the YAML.
    cluster.addPodIdentity('external-secrets', {
      namespace: 'external-secrets',
      serviceAccount: 'external-secrets',
      statements: [{
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: PLATFORM.appSecretsPrefixes.map((prefix) => this.secretsManagerArn(`${prefix}*`)),
      }],
      kubernetesScope: kubernetes,
      automountToken: { reason: 'the External Secrets controller reads ExternalSecrets and writes Secrets through the API server' },
    });

    // Falco's audit instance (app security-falco) reads the cluster's audit log from CloudWatch Logs; the chart
    // creates its ServiceAccount.
    cluster.addPodIdentity('falco-k8saudit', {
      namespace: 'falco',
      serviceAccount: 'falco-k8saudit',
      statements: [{ actions: [...K8SAUDIT_EKS_LOG_ACTIONS], resources: [this.logGroupArn(`/aws/eks/${PLATFORM.clusterName}/cluster`)] }],
    });

    const redis = new ElastiCacheRedis(this, 'redis', {
      replicationGroupId: 'redis-cluster', // the book's cluster_id
      network,
      allowedSecurityGroupIds: [cluster.clusterSecurityGroupId],
      // The book's Go client connects without TLS; TLS-capable clients should keep the default "required".
      transitEncryption: { mode: 'preferred', reason: 'the counter app (redigo without TLS) cannot connect over TLS' },
      publishEndpoint: PLATFORM.redisEndpoint,
    });
    // The same endpoint under a name known at synth time (redis.counter.internal), for an ExternalName Service.
    const zone = new PrivateDnsZone(this, 'private-zone', {
      zoneName: PLATFORM.privateZone,
      network,
      allowDestroy: { reason: 'the zone holds only aliases this stack creates; the workshop cluster is torn down with terraform destroy' },
    });
    redis.alias(zone, PLATFORM.redisAlias);

    new ManagedSecret(this, 'mysql-credentials', {
      secretName: PLATFORM.mysqlSecret,
      description: 'MySQL credentials of the counter app: JSON with username, password and root-password, set by an operator',
    });
  }
}

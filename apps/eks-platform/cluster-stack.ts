import { Construct } from 'constructs';
import {
  AwsLoadBalancerController, EfsCsiDriver, EksCluster, ElastiCacheRedis, ExternalDns, ExternalSecretsOperator, Karpenter, ManagedSecret, MetricsServer,
  PlatformStack, PrivateDnsZone, Route53Zone, SsmAccessHost, StateBackend, VpcNetwork,
} from '../../lib/aws';
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
    // The state bucket's name holds the account id, so it is given at `terraform init` (see the README).
    super(scope, id, { region: PLATFORM.region, backend: StateBackend.s3Partial() });

    const network = new VpcNetwork(this, 'network', {
      name: PLATFORM.clusterName, cidr: PLATFORM.vpcCidr, azCount: 3, publicSubnetCidrs: [...PLATFORM.publicSubnetCidrs],
    });

    const cluster = new EksCluster(this, 'cluster', {
      name: PLATFORM.clusterName,
      network,
      admins: [this.stringVariable('admin_principal_arn', 'IAM role or user that administers the cluster')],
    });
    // The book's two m4.large workers; m4 is a retired generation, m7i.large has the same 2 vCPU / 8 GiB.
    const general = cluster.addManagedNodeGroup('general', { instanceTypes: ['m7i.large'], minSize: 2, desiredSize: 2, maxSize: 4 });
    // The API server has no public endpoint: people reach it through a Session Manager port forward on a host with no
    // inbound ports (the README's "Access"); CI would get a CiAccess entry instead.
    new SsmAccessHost(this, 'access-host', { cluster });
    // The counter app's nodes: the only ones ElastiCache admits (every node carries the cluster security group, so
    // admitting that one would admit every pod). Two zones' worth, for the node-loss exercise.
    const { name: redisClientsName, taint } = PLATFORM.redisClientNodes;
    const redisClients = cluster.addManagedNodeGroup(redisClientsName, {
      instanceTypes: ['m7i.large'], minSize: 2, desiredSize: 2, maxSize: 3,
      taints: [{ key: taint.key, value: taint.value, effect: 'NO_SCHEDULE' }],
    });

    const redis = new ElastiCacheRedis(this, 'redis', {
      replicationGroupId: 'redis-cluster', // the book's cluster_id
      network,
      clients: [redisClients],
      // The book's Go client speaks neither TLS nor AUTH; TLS-capable clients should keep the defaults (TLS only, a
      // generated token in Secrets Manager).
      transitEncryption: { mode: 'preferred', reason: 'the counter app (redigo without TLS) cannot connect over TLS' },
      authToken: { mode: 'none', reason: 'the counter app (redigo) sends no AUTH password; only the redis-clients nodes reach the port' },
      publishEndpoint: PLATFORM.redisEndpoint,
    });

    // The counter app's MySQL credentials: Terraform creates the secret, an operator sets its value.
    const mysql = new ManagedSecret(this, 'mysql-credentials', {
      secretName: PLATFORM.mysqlSecret,
      description: 'MySQL credentials of the counter app: JSON with username, password and root-password, set by an operator',
      noRotation: { reason: 'MySQL runs in the cluster, where the RDS rotation functions cannot change its users; rotate with put-secret-value and a MySQL restart' },
    });

    // Cloud Native with Kubernetes ch. 13, on EKS: the add-ons, each declared once (IAM, ServiceAccount, pinned chart).
    // External Secrets reads the app secrets (and may decrypt them with their keys); its ClusterSecretStore serves
    // only namespaces that carry the access label.
    new ExternalSecretsOperator(this, 'external-secrets', {
      cluster,
      kubernetes,
      secretPrefixes: [...PLATFORM.appSecretsPrefixes],
      secretKeyArns: [redis.kmsKeyArn, mysql.kmsKeyArn],
      store: { namespaceLabels: { ...PLATFORM.secretStoreAccessLabel } },
    });
    // Load balancers for Services (loadBalancerClass service.k8s.aws/nlb) and Ingresses (IngressClass alb), in the
    // subnets tagged for them; the book's cloud-controller-manager (C01-C03) is what EKS runs itself.
    new AwsLoadBalancerController(this, 'aws-load-balancer-controller', { cluster, kubernetes, network });
    // C06: external-dns, writing only into the public zone, never deleting (upsert-only).
    const publicZone = new Route53Zone(this, 'public-zone', { zoneName: PLATFORM.publicZone });
    new ExternalDns(this, 'external-dns', { cluster, kubernetes, zone: publicZone });
    // C07: node autoscaling. Karpenter launches the book's t3.medium nodes for pods that do not fit; the managed node
    // groups keep the controllers (Karpenter itself included) on nodes it does not manage.
    new Karpenter(this, 'karpenter', {
      cluster,
      kubernetes,
      nodePool: { name: PLATFORM.autoscaledNodePool, instanceTypes: ['t3.medium'], cpuLimit: 20 },
    });
    // Resource metrics for HorizontalPodAutoscalers and `kubectl top`; EFS volumes beside the EBS driver.
    new MetricsServer(this, 'metrics-server', { cluster, nodeGroups: [general] });
    new EfsCsiDriver(this, 'efs-csi-driver', { cluster, nodeGroups: [general] });

    // Falco's audit instance (app security-falco) reads the cluster's audit log from CloudWatch Logs; the chart
    // creates its ServiceAccount.
    cluster.addPodIdentity('falco-k8saudit', {
      namespace: 'falco',
      serviceAccount: 'falco-k8saudit',
      statements: [{ actions: [...K8SAUDIT_EKS_LOG_ACTIONS], resources: [this.logGroupArn(`/aws/eks/${PLATFORM.clusterName}/cluster`)] }],
    });

    // The same endpoint under a name known at synth time (redis.counter.internal), for an ExternalName Service.
    const zone = new PrivateDnsZone(this, 'private-zone', {
      zoneName: PLATFORM.privateZone,
      network,
      allowDestroy: { reason: 'the zone holds only aliases this stack creates; the workshop cluster is torn down with terraform destroy' },
    });
    redis.alias(zone, PLATFORM.redisAlias);
  }
}

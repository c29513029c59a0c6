/**
 * What the platform provides to the apps, in one place: both the Terraform stacks and the apps' YAML read these
 * names, so nobody types them twice.
 */
export const PLATFORM = {
  /** The Workshop's region (kops bucket, Terraform prompt). */
  region: 'us-west-2',
  /** The Workshop's cluster name (`var.cluster-name`). */
  clusterName: 'terraform-eks-demo',
  /** The Workshop's VPC range. */
  vpcCidr: '10.0.0.0/16',
  /**
   * The VPC's public subnets, one per zone (VpcNetwork's default layout of vpcCidr over three zones): internet-facing
   * load balancers run there and send to the pods from these addresses, which no pod has.
   */
  publicSubnetCidrs: ['10.0.96.0/24', '10.0.97.0/24', '10.0.98.0/24'],
  /**
   * Start of the Terraform state bucket's name (Ex 12.01's bucket, repurposed); keelson appends "-<account id>-<region>",
   * so the global name is unique without editing.
   */
  stateBucketPrefix: 'terraform-eks-demo-state',
  /** The default StorageClass (encrypted gp3, retained). */
  storageClass: 'gp3',
  /** Label a namespace carries to be allowed to read through the platform's ClusterSecretStore. */
  secretStoreAccessLabel: { 'external-secrets.keelson.dev/aws-secrets-manager': 'allowed' },
  /** Secrets Manager names under these prefixes are readable by External Secrets (one per app family). */
  appSecretsPrefixes: ['counter/', 'cka/'],
  /**
   * The node group whose nodes alone may reach ElastiCache (its own security group), tainted so that only the pods
   * that use Redis (the counter app, which tolerates the taint and selects the group) run there.
   */
  redisClientNodes: { name: 'redis-clients', taint: { key: 'dedicated', value: 'redis-clients' } },
  /** Where Terraform publishes the ElastiCache endpoint (`host:port`) for the counter app. */
  redisEndpoint: { secretName: 'counter/elasticache', property: 'address' },
  /** The VPC's private DNS zone: names known at synth time for endpoints Terraform creates (for ExternalName Services). */
  privateZone: 'counter.internal',
  /** The ElastiCache primary endpoint's name in privateZone (redis.counter.internal), a CNAME Terraform keeps current. */
  redisAlias: 'redis',
  /**
   * The public DNS zone external-dns writes into (the book's placeholder domain: use one you own, and delegate it to
   * the zone's name servers at your registrar).
   */
  publicZone: 'mydomain.com',
  /** Karpenter's NodePool for the autoscaled workloads (C07's t3.medium nodes). */
  autoscaledNodePool: 'general-autoscaled',
  /** The MySQL credentials of the counter app (JSON with username, password, root-password), set by an operator. */
  mysqlSecret: 'counter/mysql',
} as const;

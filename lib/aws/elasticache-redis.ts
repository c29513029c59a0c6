import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { DATA_KEY, PORT_NUMBER } from '../core/formats';
import { propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject, reportUnder } from '../core/validator';
import { suppressCheck } from '../policy/suppressions';
import { REPLICATION_GROUP_ID, TERRAFORM_NAME } from './aws-formats';
import { suppressCheckov } from './checkov';
import { EksCluster } from './eks-cluster';
import { authTokenSecret, cacheKey, checkAuthToken, checkClients, checkKmsKeyArn, noRotationLambda } from './elasticache-access';
import { ManagedNodeGroup } from './managed-node-group';
import { checkSecretName, checkUniqueName, claimName, claimSecretName, describedConstruct, readProps, regionOf, stackOf, terraformScope } from './prop-checks';
import { PrivateDnsAlias, PrivateDnsAliasOptions } from './private-dns-alias';
import { PrivateDnsZone } from './private-dns-zone';
import { VpcNetwork } from './vpc-network';

/** Where the endpoint is published for consumers outside Terraform (e.g. an ExternalSecret). */
export interface EndpointSecret {
  /** Name of the Secrets Manager secret, e.g. "counter/elasticache". */
  readonly secretName: string;
  /** JSON property holding `host:port`. */
  readonly property: string;
}

/**
 * Every node of an EKS cluster as a client of the cache: the cluster security group, which EKS puts on the control
 * plane and on every managed node, so every pod of the cluster could connect.
 */
export interface EveryNodeClient {
  /** The cluster whose cluster security group may connect. */
  readonly everyNodeOf: EksCluster;
  /** Why every pod on every node of the cluster may reach the cache. */
  readonly reason: string;
}

/**
 * A client of the cache: a ManagedNodeGroup (its own security group, which only its nodes carry), a security group
 * id (for example one that security groups for pods give only to the pods that use the cache), or, with a reason,
 * every node of a cluster.
 */
export type ElastiCacheClient = ManagedNodeGroup | string | EveryNodeClient;

/** Where the AUTH token is kept: a Secrets Manager secret whose whole value is the token. */
export interface AuthTokenSecret {
  /**
   * Name of the secret, e.g. "counter/redis-auth-token" (under a prefix that the app's ExternalSecret may read).
   * @default "elasticache/<replicationGroupId>/auth-token"
   */
  readonly secretName?: string;
}

/** No AUTH token: whoever reaches the port may read and change the data. */
export interface NoAuthToken {
  /** "none". */
  readonly mode: 'none';
  /** Why clients without a password are acceptable. */
  readonly reason: string;
}

/** Props of an {@link ElastiCacheRedis}. */
export interface ElastiCacheRedisProps {
  /**
   * Replication group id.
   * @default the construct id
   */
  readonly replicationGroupId?: string;
  /** The VPC; the cache lives in its private subnets. */
  readonly network: VpcNetwork;
  /**
   * Who may connect: ManagedNodeGroups, security group ids, or `{ everyNodeOf: cluster, reason }` (the cluster security
   * group, on every node).
   */
  readonly clients: ElastiCacheClient[];
  /**
   * Engine: Redis OSS or its fork Valkey.
   * @default "redis"
   */
  readonly engine?: 'redis' | 'valkey';
  /**
   * Engine version: for redis "6.2", "7.0" or "7.1"; for valkey "7.2", "8.0", "8.1", "8.2", "9.0" or "9.1".
   * @default "7.1" for redis, "8.0" for valkey
   */
  readonly engineVersion?: string;
  /**
   * Node type.
   * @default "cache.t4g.small"
   */
  readonly nodeType?: string;
  /**
   * Number of nodes (a primary and replicas in other zones), 2 to 6, for automatic failover.
   * @default 2
   */
  readonly nodes?: number;
  /**
   * Port.
   * @default 6379
   */
  readonly port?: number;
  /**
   * Encryption in transit: "required" (TLS only), or `{ mode: 'preferred', reason }` (TLS and plain text) for clients
   * that cannot speak TLS.
   * @default "required"
   */
  readonly transitEncryption?: 'required' | { readonly mode: 'preferred'; readonly reason: string };
  /**
   * Redis AUTH: Secrets Manager generates a token into a secret, which clients read (e.g. through an ExternalSecret);
   * `{ mode: 'none', reason }` for clients that cannot send one.
   * @default a generated token in the secret "elasticache/<replicationGroupId>/auth-token"
   */
  readonly authToken?: AuthTokenSecret | NoAuthToken;
  /**
   * ARN of the KMS key that encrypts the cache at rest, its snapshots and its secrets (in the cache's region).
   * @default a new key of this cache, rotated yearly
   */
  readonly kmsKeyArn?: string;
  /**
   * Days of daily snapshots to keep.
   * @default 1
   */
  readonly snapshotRetentionDays?: number;
  /**
   * Publishes `host:port` of the primary endpoint to Secrets Manager, so in-cluster consumers read it through an
   * ExternalSecret instead of someone copying it.
   * @default not published
   */
  readonly publishEndpoint?: EndpointSecret;
  /**
   * Lets `terraform destroy` (or a change that replaces the replication group) delete it, and the data in it. Needs a
   * reason.
   * @default the replication group is protected (`prevent_destroy`)
   */
  readonly allowDestroy?: AcceptedRisk;
  /**
   * Name of the Terraform output with `host:port`.
   * @default "redis_address" (the book's output)
   */
  readonly outputName?: string;
}

const PROPS = propNames<ElastiCacheRedisProps>()({
  replicationGroupId: true, network: true, clients: true, engine: true, engineVersion: true, nodeType: true, nodes: true, port: true,
  transitEncryption: true, authToken: true, kmsKeyArn: true, snapshotRetentionDays: true, publishEndpoint: true, allowDestroy: true, outputName: true,
});

/**
 * The engine versions ElastiCache offers for node-based replication groups, with the default parameter group of each
 * (family redis6.x, redis7, valkey7, valkey8, valkey9). Pinned from the ElastiCache User Guide's "Supported engines
 * and versions" and "Engine specific parameters" pages (checked 2026-11): Redis OSS 7 and later take major.minor, 6.2
 * is the last 6.x; Redis OSS 4 and 5 left standard support in January 2026 and are not offered here. Update with
 * each release of the library.
 */
const ENGINE_VERSIONS: Readonly<Record<'redis' | 'valkey', Readonly<Record<string, string>>>> = {
  redis: { '6.2': 'default.redis6.x', '7.0': 'default.redis7', '7.1': 'default.redis7' },
  valkey: { '7.2': 'default.valkey7', '8.0': 'default.valkey8', '8.1': 'default.valkey8', '8.2': 'default.valkey8', '9.0': 'default.valkey9', '9.1': 'default.valkey9' },
};

/** A Terraform output name. */
const OUTPUT_NAME = { ...TERRAFORM_NAME, description: 'an output name of at most 64 lowercase letters, digits and "_", starting with a letter' };

/**
 * ElastiCache for Redis as The Kubernetes Workshop's Activity 12.01 intends it, made resilient and closed: a
 * replication group over several zones with automatic failover, in the private subnets, with daily snapshots;
 * encrypted at rest with its own KMS key (Checkov CKV_AWS_191) and in transit (TLS only); clients authenticate with an
 * AUTH token that Secrets Manager generates (CKV_AWS_31); and only the given clients (a dedicated node group, or the
 * pods' own security group) may connect, not every node of the cluster.
 */
export class ElastiCacheRedis extends Construct {
  /** The replication group. */
  public readonly replicationGroup: ElasticacheReplicationGroup;
  /** `host:port` of the primary endpoint (a Terraform reference). */
  public readonly address: string;
  /** The port clients connect to. */
  public readonly port: number;
  /** ARN of the KMS key that encrypts the cache and its secrets: readers of the secrets need kms:Decrypt on it. */
  public readonly kmsKeyArn: string;
  /** The security group of the cache. */
  public readonly securityGroupId: string;
  /** Name of the Secrets Manager secret that holds the AUTH token (undefined when AUTH is off). */
  public readonly authTokenSecretName?: string;
  /** ARN of that secret (a Terraform reference; undefined when AUTH is off). */
  public readonly authTokenSecretArn?: string;

  public constructor(scope: Construct, id: string, props: ElastiCacheRedisProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    const groupId = p.replicationGroupId ?? id;
    const engine = p.engine ?? 'redis';
    const engineVersion = p.engineVersion ?? (engine === 'valkey' ? '8.0' : '7.1');
    const nodes = p.nodes ?? 2;
    const port = p.port ?? 6379;
    const transit = p.transitEncryption ?? 'required';
    const outputName = p.outputName ?? 'redis_address';
    const region = regionOf(this);

    // Replication group ids are unique per account and region; the subnet group and security group take the same name.
    const groupIdOk = v.format('replicationGroupId', groupId, REPLICATION_GROUP_ID, true);
    if (groupIdOk) {
      checkUniqueName(this, v, 'ElastiCache replication groups', `${region}/${groupId}`, 'replicationGroupId', groupId,
        `a replication group id that no other ElastiCacheRedis of this app in ${region ?? 'the region'} has`);
    }
    if (v.check(engine === 'redis' || engine === 'valkey', 'engine', engine, '"redis" or "valkey"')) {
      const versions = ENGINE_VERSIONS[engine];
      v.check(typeof engineVersion === 'string' && Object.hasOwn(versions, engineVersion), 'engineVersion', engineVersion,
        `a ${engine === 'redis' ? 'Redis OSS' : 'Valkey'} version ElastiCache offers: ${Object.keys(versions).join(', ')}`);
    }
    v.check(p.nodeType === undefined || (typeof p.nodeType === 'string' && /^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(p.nodeType)), 'nodeType', p.nodeType,
      'a node type such as "cache.t4g.small"');
    v.integer('nodes', nodes, 2, 6);
    v.format('port', port, PORT_NUMBER);
    v.integer('snapshotRetentionDays', p.snapshotRetentionDays, 0, 35);
    const sources = checkClients(this, v, p.clients);
    if (transit !== 'required' && v.check(isObject(transit) && transit.mode === 'preferred', 'transitEncryption', transit,
      '"required", or { mode: "preferred", reason: "<reason>" } to also accept plain-text clients')) {
      v.risk('transitEncryption', transit, 'plain-text clients must be accepted', ['mode']);
    }
    const tokenSecretName = checkAuthToken(this, v, p.authToken, groupId, groupIdOk);
    checkKmsKeyArn(this, v, p.kmsKeyArn);
    const published = p.publishEndpoint;
    if (published !== undefined && v.knownProps('publishEndpoint', published, ['secretName', 'property'])
      && v.check(isObject(published), 'publishEndpoint', published, '{ secretName, property }')) {
      if (checkSecretName(this, v, 'publishEndpoint.secretName', published.secretName)) {
        v.check(published.secretName !== tokenSecretName, 'publishEndpoint.secretName', published.secretName, 'a secret other than the AUTH token\'s');
      }
      v.format('publishEndpoint.property', published.property, DATA_KEY, true);
    }
    if (v.format('outputName', outputName, OUTPUT_NAME)) {
      checkUniqueName(this, v, `Terraform outputs of ${stackOf(this)!.node.path}`, outputName, 'outputName', outputName,
        'an output name no other construct in this stack has');
    }
    v.check(p.network instanceof VpcNetwork, 'network', describedConstruct(p.network), 'a VpcNetwork (the cache lives in its private subnets)');
    v.risk('allowDestroy', p.allowDestroy, 'terraform destroy (or a change that replaces the group) may delete the cached data and its snapshots');
    v.throwIfInvalid();
    claimName(this, 'ElastiCache replication groups', `${region}/${groupId}`);
    claimName(this, `Terraform outputs of ${stackOf(this)!.node.path}`, outputName);
    [published?.secretName, tokenSecretName].filter((n): n is string => n !== undefined).forEach((n) => claimSecretName(this, n));
    props = p as ElastiCacheRedisProps;

    this.kmsKeyArn = p.kmsKeyArn ?? cacheKey(this, groupId).arn;

    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      name: groupId,
      description: `Private subnets of ${groupId}`,
      subnetIds: props.network.privateSubnetIds,
    });
    const sg = new SecurityGroup(this, 'security-group', {
      name: `${groupId}-cache`,
      description: `Clients of ElastiCache ${groupId}`,
      vpcId: props.network.vpc.id,
      tags: { Name: `${groupId}-cache` },
    });
    this.securityGroupId = sg.id;
    sources.forEach((source, i) => {
      const rule = new VpcSecurityGroupIngressRule(this, `allow-${i}`, {
        securityGroupId: sg.id,
        referencedSecurityGroupId: source.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        description: source.description,
      });
      if (source.everyNodeReason !== undefined) {
        suppressCheck(rule, 'elasticache-client-every-node', { reason: source.everyNodeReason });
      }
    });

    const token = tokenSecretName === undefined ? undefined : authTokenSecret(this, groupId, tokenSecretName, this.kmsKeyArn);
    this.authTokenSecretName = tokenSecretName;
    this.authTokenSecretArn = token?.secret.arn;

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: groupId,
      description: `Redis for ${groupId}`,
      engine,
      engineVersion,
      parameterGroupName: ENGINE_VERSIONS[engine][engineVersion],
      nodeType: props.nodeType ?? 'cache.t4g.small',
      numCacheClusters: nodes,
      port,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      atRestEncryptionEnabled: 'true',
      kmsKeyId: this.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: transit === 'required' ? 'required' : 'preferred',
      authToken: token?.token,
      // A changed token (put into the secret) is added beside the old one, so connected clients keep working.
      authTokenUpdateStrategy: token ? 'ROTATE' : undefined,
      subnetGroupName: subnets.name,
      securityGroupIds: [sg.id],
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 1,
      autoMinorVersionUpgrade: 'true',
      applyImmediately: false,
      // The cache's data (and its automatic snapshots, deleted with it) must not go with a synth that renames it.
      lifecycle: { preventDestroy: p.allowDestroy === undefined },
    });
    if (p.allowDestroy !== undefined) {
      // Terraform ignores the `//` object; reviewers of the output see why the group may go.
      this.replicationGroup.addOverride('//.allow_destroy_reason', p.allowDestroy.reason);
    }
    if (isObject(transit)) {
      suppressCheck(this.replicationGroup, 'elasticache-transit-required', { reason: transit.reason });
    }
    if (tokenSecretName === undefined) {
      suppressCheckov(this.replicationGroup, 'CKV_AWS_31', { reason: (p.authToken as NoAuthToken).reason });
    }
    this.port = port;
    this.address = `${this.replicationGroup.primaryEndpointAddress}:${port}`;

    new TerraformOutput(this, 'address', { value: this.address, description: 'host:port of the primary endpoint' })
      .overrideLogicalId(outputName);

    if (props.publishEndpoint) {
      const secret = new SecretsmanagerSecret(this, 'endpoint-secret', {
        name: props.publishEndpoint.secretName,
        description: `Endpoint of ElastiCache ${groupId} (read by External Secrets)`,
        kmsKeyId: this.kmsKeyArn,
        recoveryWindowInDays: 7,
      });
      noRotationLambda(secret, 'the secret holds the cache\'s address, not a credential; Terraform rewrites it when the address changes');
      new SecretsmanagerSecretVersion(this, 'endpoint-secret-value', {
        secretId: secret.id,
        secretString: Fn.jsonencode({ [props.publishEndpoint.property]: this.address }),
      });
    }
  }

  /**
   * A stable name for the primary endpoint in a private zone, known when keelson synthesizes: e.g.
   * `redis.alias(zone, 'redis')` is "redis.<zone name>", a CNAME to the primary endpoint address with this cache's
   * port, which a Kubernetes ExternalName Service can point at. TLS clients must still check the server name against
   * the endpoint's own host name, which its certificate names.
   */
  public alias(zone: PrivateDnsZone, name: string, options: PrivateDnsAliasOptions = {}): PrivateDnsAlias {
    const v = PropsValidator.of(this);
    v.knownProps('alias(options)', options, ['ttl']);
    const id = `alias-${typeof name === 'string' ? name : 'invalid'}${zone instanceof PrivateDnsZone ? `.${zone.zoneName}` : ''}`;
    v.check(this.node.tryFindChild(id) === undefined, 'alias(name)', name,
      `a name this cache has no alias of yet in ${zone instanceof PrivateDnsZone ? zone.zoneName : 'the zone'} (use the PrivateDnsAlias already returned)`);
    v.throwIfInvalid();
    return reportUnder(this, id, (f) => (f === 'ttl' ? 'alias(options).ttl' : `alias(${f})`),
      () => new PrivateDnsAlias(this, id, { zone, name, target: this.replicationGroup.primaryEndpointAddress, port: this.port, ttl: options.ttl }));
  }
}

import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { DATA_KEY, PORT_NUMBER } from '../core/formats';
import { PropsValidator } from '../core/validator';
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

/** Props of an {@link ElastiCacheRedis}. */
export interface ElastiCacheRedisProps {
  /**
   * Replication group id.
   * @default the construct id
   */
  readonly replicationGroupId?: string;
  /** The VPC; the cache lives in its private subnets. */
  readonly network: VpcNetwork;
  /** Security groups allowed to connect (e.g. the EKS cluster security group, which the nodes carry). */
  readonly allowedSecurityGroupIds: string[];
  /**
   * Engine: Redis OSS or its fork Valkey.
   * @default "redis"
   */
  readonly engine?: 'redis' | 'valkey';
  /**
   * Engine version.
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
   * Name of the Terraform output with `host:port`.
   * @default "redis_address" (the book's output)
   */
  readonly outputName?: string;
}

/**
 * ElastiCache for Redis as The Kubernetes Workshop's Activity 12.01 intends it, made resilient: a replication group
 * over several zones with automatic failover, encrypted at rest and in transit, in the private subnets, reachable
 * only from the given security groups (the nodes), with daily snapshots.
 */
export class ElastiCacheRedis extends Construct {
  /** The replication group. */
  public readonly replicationGroup: ElasticacheReplicationGroup;
  /** `host:port` of the primary endpoint (a Terraform reference). */
  public readonly address: string;
  /** The port clients connect to. */
  public readonly port: number;

  public constructor(scope: Construct, id: string, props: ElastiCacheRedisProps) {
    super(scope, id);
    const groupId = props.replicationGroupId ?? id;
    const engine = props.engine ?? 'redis';
    const engineVersion = props.engineVersion ?? (engine === 'redis' ? '7.1' : '8.0');
    const nodes = props.nodes ?? 2;
    const port = props.port ?? 6379;
    const transit = props.transitEncryption ?? 'required';

    const v = PropsValidator.of(this);
    v.check(/^[a-z][a-z0-9-]{0,39}$/.test(groupId) && !groupId.includes('--') && !groupId.endsWith('-'), 'replicationGroupId', groupId,
      'an id of 1-40 lowercase letters, digits or "-", starting with a letter, without "--" or a trailing "-"');
    v.check(engine === 'redis' || engine === 'valkey', 'engine', engine, '"redis" or "valkey"');
    v.check(/^\d+\.\d+$/.test(engineVersion), 'engineVersion', engineVersion, 'a major.minor version such as "7.1"');
    v.check(/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(props.nodeType ?? 'cache.t4g.small'), 'nodeType', props.nodeType, 'a node type such as "cache.t4g.small"');
    v.integer('nodes', nodes, 2, 6);
    v.format('port', port, PORT_NUMBER);
    v.integer('snapshotRetentionDays', props.snapshotRetentionDays, 0, 35);
    v.check(props.allowedSecurityGroupIds.length > 0, 'allowedSecurityGroupIds', props.allowedSecurityGroupIds, 'at least one security group allowed to connect');
    if (transit !== 'required' && v.check(transit !== null && typeof transit === 'object' && transit.mode === 'preferred', 'transitEncryption', transit,
      '"required", or { mode: "preferred", reason: "<reason>" } to also accept plain-text clients')) {
      v.risk('transitEncryption', transit, 'plain-text clients must be accepted', ['mode']);
    }
    if (props.publishEndpoint) {
      v.check(/^[\w/+=.@-]{1,512}$/.test(props.publishEndpoint.secretName), 'publishEndpoint.secretName', props.publishEndpoint.secretName,
        'a Secrets Manager name of letters, digits and /_+=.@-');
      v.format('publishEndpoint.property', props.publishEndpoint.property, DATA_KEY, true);
    }
    v.check(/^[a-z][a-z0-9_]*$/.test(props.outputName ?? 'redis_address'), 'outputName', props.outputName, 'an output name of lowercase letters, digits and "_"');
    v.throwIfInvalid();

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
    props.allowedSecurityGroupIds.forEach((source, i) => new VpcSecurityGroupIngressRule(this, `allow-${i}`, {
      securityGroupId: sg.id,
      referencedSecurityGroupId: source,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: 'Redis clients',
    }));

    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      replicationGroupId: groupId,
      description: `Redis for ${groupId}`,
      engine,
      engineVersion,
      parameterGroupName: engine === 'redis' ? `default.redis${engineVersion.split('.')[0]}` : `default.valkey${engineVersion.split('.')[0]}`,
      nodeType: props.nodeType ?? 'cache.t4g.small',
      numCacheClusters: nodes,
      port,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      atRestEncryptionEnabled: 'true',
      transitEncryptionEnabled: true,
      transitEncryptionMode: transit === 'required' ? 'required' : 'preferred',
      subnetGroupName: subnets.name,
      securityGroupIds: [sg.id],
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 1,
      autoMinorVersionUpgrade: 'true',
      applyImmediately: false,
    });
    this.port = port;
    this.address = `${this.replicationGroup.primaryEndpointAddress}:${port}`;

    new TerraformOutput(this, 'address', { value: this.address, description: 'host:port of the primary endpoint' })
      .overrideLogicalId(props.outputName ?? 'redis_address');

    if (props.publishEndpoint) {
      const secret = new SecretsmanagerSecret(this, 'endpoint-secret', {
        name: props.publishEndpoint.secretName,
        description: `Endpoint of ElastiCache ${groupId} (read by External Secrets)`,
        recoveryWindowInDays: 7,
      });
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
    v.knownProps('options', options, ['ttl']);
    const id = `alias-${typeof name === 'string' ? name : 'invalid'}${zone instanceof PrivateDnsZone ? `.${zone.zoneName}` : ''}`;
    v.check(this.node.tryFindChild(id) === undefined, 'alias', name,
      `a name this cache has no alias of yet in ${zone instanceof PrivateDnsZone ? zone.zoneName : 'the zone'} (use the PrivateDnsAlias already returned)`);
    v.throwIfInvalid();
    return new PrivateDnsAlias(this, id, { zone, name, target: this.replicationGroup.primaryEndpointAddress, port: this.port, ttl: options.ttl });
  }
}

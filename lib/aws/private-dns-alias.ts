import { isIP } from 'node:net';
import { Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { DNS_LABEL, PORT_NUMBER } from '../core/formats';
import { PropsValidator } from '../core/validator';
import type { IExternalHost } from '../networking/external-host';
import { describedConstruct, isTerraformValue, readProps, shownValue, terraformScope } from './prop-checks';
import { PrivateDnsZone } from './private-dns-zone';

/** Options of an alias whose target a construct already knows (see `ElastiCacheRedis.alias`). */
export interface PrivateDnsAliasOptions {
  /**
   * Seconds resolvers may cache the record.
   * @default 60
   */
  readonly ttl?: number;
}

/** Props of a {@link PrivateDnsAlias}. */
export interface PrivateDnsAliasProps extends PrivateDnsAliasOptions {
  /** The private zone the name is created in. */
  readonly zone: PrivateDnsZone;
  /**
   * The name relative to the zone: one or more dot-separated labels of lowercase letters, digits or "-", e.g. "redis"
   * for "redis.counter.internal" in the zone "counter.internal".
   */
  readonly name: string;
  /**
   * The host the name points at: a Terraform value holding a host name, such as an RDS instance's `address` or an
   * ElastiCache replication group's `primaryEndpointAddress` (the host alone: not RDS `endpoint` or
   * `ElastiCacheRedis.address`, which end in ":port"), or a literal host name.
   */
  readonly target: string;
  /**
   * The port clients connect to, published with the name (see IExternalHost).
   * @default none
   */
  readonly port?: number;
}

const PROPS: ReadonlyArray<keyof PrivateDnsAliasProps> = ['zone', 'name', 'target', 'port', 'ttl'];

/** The literal parts a host name held in a Terraform value may be joined with. */
const HOST_NAME_PART = /^[a-z0-9.-]*$/i;
/** The largest TTL Route 53 accepts. */
const MAX_TTL = 2147483647;

/** The names already given in each zone, to refuse a second record of the same name (Route 53 would). */
const NAMES = new WeakMap<PrivateDnsZone, Map<string, string>>();

/**
 * A stable name for an endpoint whose address is known only after `terraform apply`: a CNAME record in a
 * {@link PrivateDnsZone} that points at a Terraform value (an RDS or ElastiCache endpoint address). `hostname` is a
 * plain string known when keelson synthesizes, so a Kubernetes ExternalName Service can point at it (an
 * {@link IExternalHost}); Terraform keeps the record pointing at the endpoint, also when the endpoint is replaced.
 *
 * TLS: the endpoint's certificate names the endpoint, not the alias, so a client that checks the server name must
 * check it against the target's host name (for example Go's `tls.Config.ServerName`), not against the alias.
 */
export class PrivateDnsAlias extends Construct implements IExternalHost {
  /** The CNAME record. */
  public readonly record: Route53Record;
  /** The full name, e.g. "redis.counter.internal" (a plain string, known at synth time). */
  public readonly hostname: string;
  /** The port clients connect to, if given. */
  public readonly port?: number;

  public constructor(scope: Construct, id: string, props: PrivateDnsAliasProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    const ttl = p.ttl ?? 60;
    const zone = v.check(p.zone instanceof PrivateDnsZone, 'zone', describedConstruct(p.zone),
      'a PrivateDnsZone (the private zone the name is created in)') ? p.zone! : undefined;
    const nameOk = checkName(this, v, p.name, zone);
    const hostname = zone && nameOk ? `${p.name}.${zone.zoneName}` : undefined;
    if (hostname !== undefined) {
      v.check(hostname.length <= 253, 'name', p.name, `a name whose full name "${hostname}" (${hostname.length} characters) has at most 253 characters`);
    }
    checkTarget(this, v, p.target, hostname);
    v.format('port', p.port, PORT_NUMBER);
    v.integer('ttl', ttl, 0, MAX_TTL);
    const names = zone ? NAMES.get(zone) ?? new Map<string, string>() : undefined;
    const owner = hostname !== undefined ? names?.get(hostname) : undefined;
    v.check(owner === undefined, 'name', p.name, `a name not already used in the zone ${zone?.zoneName} (${owner} has "${hostname}")`);
    v.throwIfInvalid();
    NAMES.set(zone!, names!.set(hostname!, this.node.path));

    this.hostname = hostname!;
    this.port = p.port ?? undefined;
    this.record = new Route53Record(this, 'record', {
      zoneId: zone!.zoneId,
      name: this.hostname,
      type: 'CNAME',
      ttl,
      records: [p.target!],
    });
  }
}

/** Checks the name relative to the zone; returns whether it is valid. */
function checkName(scope: Construct, v: PropsValidator, name: unknown, zone: PrivateDnsZone | undefined): boolean {
  const expected = 'a name relative to the zone: one or more dot-separated labels of 1-63 lowercase letters, digits or "-", '
    + `each starting and ending with a letter or digit, such as "redis"${zone ? ` for "redis.${zone.zoneName}"` : ''}`;
  if (typeof name !== 'string') {
    return v.check(false, 'name', name, expected);
  }
  if (isTerraformValue(name)) {
    return v.check(false, 'name', shownValue(scope, name), 'a name known when keelson synthesizes, such as "redis", not a Terraform value');
  }
  if (zone && (name === zone.zoneName || name.endsWith(`.${zone.zoneName}`))) {
    return v.check(false, 'name', name, zone.zoneName === name
      ? `a name inside the zone, such as "redis" for "redis.${zone.zoneName}" (a CNAME cannot be the zone's own name)`
      : `the name relative to the zone, without ".${zone.zoneName}": "${name.slice(0, -zone.zoneName.length - 1)}"`);
  }
  return v.check(name.split('.').every((l) => DNS_LABEL.test(l)), 'name', name, expected);
}

/** Checks the CNAME target; returns whether it is valid. */
function checkTarget(scope: Construct, v: PropsValidator, target: unknown, hostname: string | undefined): boolean {
  const expected = 'a host name, as a Terraform value such as an RDS instance\'s address or an ElastiCache replication group\'s '
    + 'primaryEndpointAddress, or as a literal of two or more labels such as "db.example.com"';
  if (typeof target !== 'string' || target.trim() === '') {
    return v.check(false, 'target', target, expected);
  }
  if (Token.isUnresolved(target)) {
    const literals = Tokenization.reverseString(target).literals.map(String);
    return v.check(literals.every((l) => HOST_NAME_PART.test(l)), 'target', shownValue(scope, target),
      'the host name alone, without ":port" or a scheme: e.g. an ElastiCache replication group\'s primaryEndpointAddress '
      + '(not ElastiCacheRedis.address) or an RDS instance\'s address (not its endpoint)');
  }
  if (/^\$\{[^{}]+\}$/.test(target)) {
    return true; // a Terraform expression written by hand, e.g. "${aws_db_instance.main.address}"
  }
  if (!v.check(isIP(target) === 0, 'target', target, 'a host name; a CNAME cannot point at an IP address')) {
    return false;
  }
  const host = target.toLowerCase().replace(/\.$/, '');
  if (!v.check(host.length <= 253 && host.split('.').length >= 2 && host.split('.').every((l) => DNS_LABEL.test(l)), 'target', target, expected)) {
    return false;
  }
  return v.check(host !== hostname, 'target', target, `a host other than the alias "${hostname}" itself`);
}

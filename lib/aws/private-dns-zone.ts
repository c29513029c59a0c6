import { Construct } from 'constructs';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { DNS_LABEL } from '../core/formats';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator } from '../core/validator';
import { describedConstruct, isTerraformValue, readProps, shownValue, terraformScope } from './prop-checks';
import { VpcNetwork } from './vpc-network';

/** Props of a {@link PrivateDnsZone}. */
export interface PrivateDnsZoneProps {
  /**
   * The zone's domain name: two or more dot-separated labels of lowercase letters, digits or "-", such as
   * "counter.internal" or "internal.example.com", known when keelson synthesizes (not a Terraform value).
   */
  readonly zoneName: string;
  /** The VPC whose resolver answers for the zone (its pods and nodes see the names; nobody outside does). */
  readonly network: VpcNetwork;
  /**
   * Lets `terraform destroy` (or a change that replaces the zone) delete it. Needs a reason: every alias in the zone,
   * and every Kubernetes ExternalName Service that points at one, stops resolving with it.
   * @default the zone is protected (`prevent_destroy`)
   */
  readonly allowDestroy?: AcceptedRisk;
}

const PROPS: ReadonlyArray<keyof PrivateDnsZoneProps> = ['zoneName', 'network', 'allowDestroy'];

/** The domain Kubernetes (and CoreDNS on EKS) answers itself; a zone under it would never be asked. */
const CLUSTER_DOMAIN = 'cluster.local';

/**
 * A Route 53 private hosted zone associated with a VPC: names in it resolve only inside the VPC, through its
 * resolver (which EKS nodes and CoreDNS use). It gives endpoints that Terraform creates, whose addresses are known
 * only after `terraform apply`, a name known when keelson synthesizes: add a {@link PrivateDnsAlias} (or
 * `ElastiCacheRedis.alias`) and point a Kubernetes ExternalName Service at its `hostname`. The zone keeps records it
 * did not create (`force_destroy` is off) and is protected from `terraform destroy` unless `allowDestroy` says why not.
 */
export class PrivateDnsZone extends Construct {
  /** The hosted zone. */
  public readonly zone: Route53Zone;
  /** The zone's domain name, e.g. "counter.internal" (a plain string). */
  public readonly zoneName: string;
  /** The hosted zone id (a Terraform reference). */
  public readonly zoneId: string;

  public constructor(scope: Construct, id: string, props: PrivateDnsZoneProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    checkZoneName(this, v, p.zoneName);
    v.check(p.network instanceof VpcNetwork, 'network', describedConstruct(p.network), 'a VpcNetwork (the VPC whose resolver answers for the zone)');
    v.risk('allowDestroy', p.allowDestroy, 'terraform destroy may delete the zone and every name in it');
    v.throwIfInvalid();
    this.zoneName = p.zoneName!;

    this.zone = new Route53Zone(this, 'zone', {
      name: this.zoneName,
      comment: 'Private names for endpoints in the VPC, managed by keelson',
      vpc: [{ vpcId: p.network!.vpc.id }],
      forceDestroy: false,
      tags: { Name: this.zoneName },
      lifecycle: { preventDestroy: p.allowDestroy === undefined },
    });
    if (p.allowDestroy !== undefined) {
      // Terraform ignores the `//` object; reviewers of the output see why the zone may go.
      this.zone.addOverride('//.allow_destroy_reason', p.allowDestroy.reason);
    }
    this.zoneId = this.zone.zoneId;
  }
}

/** Checks a zone name; returns whether it is valid. */
function checkZoneName(scope: Construct, v: PropsValidator, name: unknown): boolean {
  const expected = 'a domain name of two or more dot-separated labels (1-63 lowercase letters, digits or "-", each starting '
    + 'and ending with a letter or digit), at most 253 characters, without a trailing dot, such as "counter.internal" or "internal.example.com"';
  if (typeof name !== 'string') {
    return v.check(false, 'zoneName', name, expected);
  }
  if (isTerraformValue(name)) {
    return v.check(false, 'zoneName', shownValue(scope, name), 'a domain name known when keelson synthesizes, such as "counter.internal", not a Terraform value');
  }
  const labels = name.split('.');
  if (!v.check(name.length <= 253 && labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l)), 'zoneName', name,
    labels.length === 1 && DNS_LABEL.test(name) ? `${expected}; Route 53 hosts no top-level domain` : expected)) {
    return false;
  }
  return v.check(name !== CLUSTER_DOMAIN && !name.endsWith(`.${CLUSTER_DOMAIN}`), 'zoneName', name,
    `a domain outside ${CLUSTER_DOMAIN}, which the cluster's DNS answers itself, such as "counter.internal"`);
}

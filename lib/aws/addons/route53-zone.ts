import { Construct } from 'constructs';
import { Route53Zone as Route53ZoneResource } from '@cdktf/provider-aws/lib/route53-zone';
import { DNS_LABEL } from '../../core/formats';
import { propNames } from '../../core/resource';
import { AcceptedRisk } from '../../core/risk';
import { PropsValidator } from '../../core/validator';
import { suppressCheckov } from '../checkov';
import { describedConstruct, isTerraformValue, readProps, shownValue, terraformScope } from '../prop-checks';
import { VpcNetwork } from '../vpc-network';

/** Props of a {@link Route53Zone}. */
export interface Route53ZoneProps {
  /** The zone's domain, e.g. "mydomain.com" (two or more labels, known when keelson synthesizes). */
  readonly zoneName: string;
  /**
   * A VPC makes the zone private: only that VPC's resolver answers for it.
   * @default a public zone, answered on the internet
   */
  readonly network?: VpcNetwork;
  /**
   * Lets `terraform destroy` (or a replacement) delete the zone, with the reason: every record in it goes too, and a
   * public zone's new name servers must then be set at the registrar again.
   * @default the zone is protected (`prevent_destroy`)
   */
  readonly allowDestroy?: AcceptedRisk;
}

const PROPS = propNames<Route53ZoneProps>()({ zoneName: true, network: true, allowDestroy: true });

/** The domain Kubernetes answers itself; a zone under it would never be asked. */
const CLUSTER_DOMAIN = 'cluster.local';

/**
 * A Route 53 hosted zone, public or (with `network`) private, that one {@link ExternalDns} may write. It keeps records
 * it did not create (`force_destroy` off) and is protected from `terraform destroy` unless `allowDestroy` says why not.
 *
 * Checkov CKV2_AWS_38 (DNSSEC) and CKV2_AWS_39 (query logging) are suppressed with their reasons: DNSSEC signing needs
 * a KMS key in us-east-1 and a DS record at the registrar, and Route 53 query logs go only to a us-east-1 log group;
 * neither can be completed from this stack alone (private zones support neither).
 */
export class Route53Zone extends Construct {
  /** The hosted zone. */
  public readonly zone: Route53ZoneResource;
  /** The zone's domain name (a plain string). */
  public readonly zoneName: string;
  /** The hosted zone id (a Terraform reference). */
  public readonly zoneId: string;
  /** The zone's ARN, `arn:aws:route53:::hostedzone/<id>` (a Terraform reference). */
  public readonly zoneArn: string;
  /** Whether the zone is private to a VPC. */
  public readonly isPrivate: boolean;

  public constructor(scope: Construct, id: string, props: Route53ZoneProps) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    checkDomain(this, v, p.zoneName);
    v.check(p.network === undefined || p.network instanceof VpcNetwork, 'network', describedConstruct(p.network),
      'a VpcNetwork for a private zone, or nothing for a public one');
    v.risk('allowDestroy', p.allowDestroy, 'terraform destroy may delete the zone and every record in it');
    v.throwIfInvalid();
    this.zoneName = p.zoneName!;
    this.isPrivate = p.network !== undefined;

    this.zone = new Route53ZoneResource(this, 'zone', {
      name: this.zoneName,
      comment: `${this.isPrivate ? 'Private' : 'Public'} zone ${this.zoneName}, managed by keelson`,
      vpc: p.network ? [{ vpcId: p.network.vpc.id }] : undefined,
      forceDestroy: false,
      tags: { Name: this.zoneName },
      lifecycle: { preventDestroy: p.allowDestroy === undefined },
    });
    if (p.allowDestroy !== undefined) {
      this.zone.addOverride('//.allow_destroy_reason', p.allowDestroy.reason);
    }
    suppressCheckov(this.zone, 'CKV2_AWS_38', { reason: this.isPrivate ? 'Route 53 does not sign private zones with DNSSEC'
      : 'DNSSEC signing needs a KMS key in us-east-1 and a DS record at the registrar, outside this stack; enable it there' });
    suppressCheckov(this.zone, 'CKV2_AWS_39', { reason: this.isPrivate ? 'query logging of private zones is Route 53 Resolver query logging, configured per VPC'
      : 'Route 53 writes public query logs only to a log group in us-east-1, outside this stack; enable it there' });
    this.zoneId = this.zone.zoneId;
    this.zoneArn = this.zone.arn;
  }
}

/** Checks a zone's domain name; returns whether it is valid. */
function checkDomain(scope: Construct, v: PropsValidator, name: unknown): boolean {
  const expected = 'a domain name of two or more dot-separated labels (1-63 lowercase letters, digits or "-", each starting '
    + 'and ending with a letter or digit), at most 253 characters, without a trailing dot, such as "mydomain.com"';
  if (typeof name === 'string' && isTerraformValue(name)) {
    return v.check(false, 'zoneName', shownValue(scope, name), 'a domain name known when keelson synthesizes, such as "mydomain.com", not a Terraform value');
  }
  const labels = typeof name === 'string' ? name.split('.') : [];
  if (!v.check(typeof name === 'string' && name.length <= 253 && labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l)), 'zoneName', name, expected)) {
    return false;
  }
  const domain = name as string;
  return v.check(domain !== CLUSTER_DOMAIN && !domain.endsWith(`.${CLUSTER_DOMAIN}`), 'zoneName', name,
    `a domain outside ${CLUSTER_DOMAIN}, which the cluster's DNS answers itself`);
}

import { Construct } from 'constructs';
import { DNS_LABEL } from '../../core/formats';
import { propNames } from '../../core/resource';
import { AcceptedRisk } from '../../core/risk';
import { checkUnique } from '../../core/validator';
import { EksCluster } from '../eks-cluster';
import { checkList, describedConstruct, stackOf } from '../prop-checks';
import { AddonStatement, CloudAddon, CloudAddonProps } from './cloud-addon';
import { Route53Zone } from './route53-zone';

/** The Kubernetes sources external-dns reads hostnames from. */
export type ExternalDnsSource = 'service' | 'ingress' | 'gateway-httproute' | 'gateway-grpcroute' | 'gateway-tlsroute' | 'crd';
const SOURCES: readonly ExternalDnsSource[] = ['service', 'ingress', 'gateway-httproute', 'gateway-grpcroute', 'gateway-tlsroute', 'crd'];

/** Props of an {@link ExternalDns}. */
export interface ExternalDnsProps extends CloudAddonProps {
  /** The one hosted zone external-dns may write. */
  readonly zone: Route53Zone;
  /**
   * Lets external-dns delete the records it owns when their Service, Ingress or route goes (`policy: sync`), with the
   * reason.
   * @default `upsert-only`: records are created and updated, never deleted
   */
  readonly allowDeletes?: AcceptedRisk;
  /**
   * The owner id in the TXT records external-dns writes beside each record; it changes only records with its id, so
   * two clusters can share a zone.
   * @default the cluster name
   */
  readonly txtOwnerId?: string;
  /**
   * Domains whose names external-dns manages: the zone's domain or names under it.
   * @default the zone's domain
   */
  readonly domainFilters?: string[];
  /**
   * Where hostnames come from (annotations `external-dns.alpha.kubernetes.io/hostname`, Ingress and route hosts).
   * @default ["service", "ingress", "gateway-httproute"]
   */
  readonly sources?: ExternalDnsSource[];
}

const PROPS = propNames<ExternalDnsProps>()({
  cluster: true, kubernetes: true, namespace: true, chartVersion: true, zone: true, allowDeletes: true, txtOwnerId: true, domainFilters: true, sources: true,
});

/** kubernetes-sigs `external-dns` chart 1.19.0 (external-dns v0.19.0), published in the project's chart repository. */
export const EXTERNAL_DNS_CHART_VERSION = '1.19.0';

/** A TXT owner id: letters, digits, "-", "_" and ".", at most 63 (it is written into every TXT record). */
const OWNER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * external-dns for one Route 53 hosted zone: a pod identity that may change records of that zone only (and list zones
 * and records, which IAM cannot scope), its ServiceAccount, and the pinned chart with `policy: upsert-only` (unless
 * `allowDeletes` says why not), a TXT owner id, the zone's domain and type as filters, and the Service, Ingress and
 * HTTPRoute sources. A Service annotated `external-dns.alpha.kubernetes.io/hostname: myapp.mydomain.com` (or an
 * Ingress or HTTPRoute with that host) gets its record in the zone.
 */
export class ExternalDns extends CloudAddon {
  /** The zone. */
  public readonly zone: Route53Zone;
  /** The TXT owner id. */
  public readonly txtOwnerId: string;

  public constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id, props, 'external-dns', PROPS, { namespace: 'external-dns', chartVersion: EXTERNAL_DNS_CHART_VERSION });
    props = props ?? {}; // undefined props: the base reported what is missing
    const v = this.validator;
    const zoneOk = v.check(props.zone instanceof Route53Zone, 'zone', describedConstruct(props.zone), 'a Route53Zone of this app (the one zone external-dns may write)')
      // The policy names the zone's ARN, a reference within one Terraform configuration.
      && v.check(stackOf(props.zone) === stackOf(this), 'zone', describedConstruct(props.zone), 'a Route53Zone of the same stack as external-dns');
    v.risk('allowDeletes', props.allowDeletes, 'external-dns may delete records (policy sync)');
    // Without a valid cluster there is no default (the cluster's own problem is reported).
    const owner = props.txtOwnerId ?? (this.cluster instanceof EksCluster ? this.cluster.name : undefined);
    v.check(owner === undefined || (typeof owner === 'string' && OWNER_ID.test(owner)), 'txtOwnerId', owner,
      'an owner id of 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit');
    const filters = checkList(v, 'domainFilters', props.domainFilters, false, 'a list of domains in the zone', (f, d) => {
      const ok = typeof d === 'string' && d.length <= 253 && d.split('.').every((l) => DNS_LABEL.test(l));
      if (v.check(ok, f, d, 'a domain name such as "mydomain.com" (lowercase labels, no trailing dot)') && zoneOk) {
        const zoneName = props.zone.zoneName;
        v.check(d === zoneName || (d as string).endsWith(`.${zoneName}`), f, d, `the zone's domain "${zoneName}" or a name under it`);
      }
    });
    if (filters) {
      v.check(filters.length > 0, 'domainFilters', filters, 'at least one domain (leave domainFilters out for the zone\'s domain)');
      checkUnique(v, 'domainFilters', filters, (d) => (typeof d === 'string' ? d : undefined), 'a domain');
    }
    const sources = checkList(v, 'sources', props.sources, false, `a list of sources (${SOURCES.join(', ')})`,
      (f, s) => v.check(SOURCES.includes(s as ExternalDnsSource), f, s, `one of ${SOURCES.join(', ')}`));
    if (sources) {
      v.check(sources.length > 0, 'sources', sources, 'at least one source');
      checkUnique(v, 'sources', sources, (s) => (typeof s === 'string' ? s : undefined), 'a source');
    }
    v.throwIfInvalid();
    this.zone = props.zone;
    this.txtOwnerId = owner!;

    const statements: AddonStatement[] = [
      // external-dns writes records of its zone only.
      { sid: 'ChangeRecordsOfTheZone', actions: ['route53:ChangeResourceRecordSets'], resources: [this.zone.zoneArn] },
      // Listing cannot be scoped to a zone by IAM; it reads, never writes.
      { sid: 'ListZonesAndRecords', actions: ['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'], resources: ['*'] },
    ];
    this.install({
      serviceAccount: 'external-dns',
      statements,
      tokenReason: 'external-dns watches Services, Ingresses and Gateway API routes through the API server',
      chart: {
        repository: { name: 'external-dns', url: 'https://kubernetes-sigs.github.io/external-dns' },
        name: 'external-dns',
        release: 'external-dns',
        values: {
          provider: { name: 'aws' },
          policy: props.allowDeletes ? 'sync' : 'upsert-only',
          registry: 'txt',
          txtOwnerId: this.txtOwnerId,
          domainFilters: [...(props.domainFilters ?? [this.zone.zoneName])],
          sources: [...(props.sources ?? ['service', 'ingress', 'gateway-httproute'])],
          // The zone id is known only after apply; its type and domain select it (a public and a private zone may share a name).
          extraArgs: [`--aws-zone-type=${this.zone.isPrivate ? 'private' : 'public'}`],
          env: [{ name: 'AWS_DEFAULT_REGION', value: this.region }],
        },
      },
    });
    if (props.allowDeletes) {
      this.policy!.addOverride('//.allow_deletes_reason', props.allowDeletes.reason);
    }
  }
}

import { k8s } from '../core/k8s';
import { IP_ADDRESS, SUBDOMAIN } from '../core/formats';
import { PropsValidator } from '../core/validator';

// A pod's name resolution: its DNS policy and settings, and its /etc/hosts entries; checked as the API server does.

/** DNS settings of the pod. */
export interface PodDnsConfig {
  /**
   * Name servers (used with dnsPolicy "None").
   * @default none
   */
  readonly nameservers?: string[];
  /**
   * Search domains.
   * @default none
   */
  readonly searches?: string[];
  /**
   * resolv.conf options, e.g. { ndots: '2' }.
   * @default none
   */
  readonly options?: Record<string, string | undefined>;
}

/** An /etc/hosts entry of the pod. */
export interface HostAlias {
  readonly ip: string;
  readonly hostnames: string[];
}

const DNS_POLICIES = ['ClusterFirst', 'Default', 'None'];

/** The name-resolution props of a pod (part of ContainerProps). */
export interface PodDnsProps {
  /**
   * How the pods resolve names.
   * @default "ClusterFirst"
   */
  readonly dnsPolicy?: 'ClusterFirst' | 'Default' | 'None';
  /**
   * Extra DNS settings; required with dnsPolicy "None".
   * @default none
   */
  readonly dnsConfig?: PodDnsConfig;
  /**
   * Entries of the pods' /etc/hosts.
   * @default none
   */
  readonly hostAliases?: HostAlias[];
}

/** Checks `dnsPolicy`, `dnsConfig` and `hostAliases` within the API server's limits. */
export function validatePodDns(v: PropsValidator, props: PodDnsProps): void {
  v.check(props.dnsPolicy === undefined || DNS_POLICIES.includes(props.dnsPolicy), 'dnsPolicy', props.dnsPolicy, DNS_POLICIES.map((p) => `"${p}"`).join(', '));
  const dns = props.dnsConfig;
  if (dns !== undefined && v.knownProps('dnsConfig', dns, ['nameservers', 'searches', 'options'])) {
    (dns.nameservers ?? []).forEach((ip, i) => v.format(`dnsConfig.nameservers[${i}]`, ip, IP_ADDRESS, true));
    v.check((dns.nameservers ?? []).length <= 3, 'dnsConfig.nameservers', dns.nameservers, 'at most 3 name servers');
    (dns.searches ?? []).forEach((d, i) => v.format(`dnsConfig.searches[${i}]`, d, SUBDOMAIN, true));
    v.check((dns.searches ?? []).length <= 32, 'dnsConfig.searches', dns.searches, 'at most 32 search domains');
    // The API server also limits the search list to 2048 characters (MaxDNSSearchListChars), spaces between them included.
    const chars = (dns.searches ?? []).filter((d) => typeof d === 'string').join(' ').length;
    v.check(chars <= 2048, 'dnsConfig.searches', `${chars} characters`, 'search domains of at most 2048 characters in total');
    Object.entries(dns.options ?? {}).forEach(([o, value]) => {
      v.check(/^[a-z][a-z0-9-]*$/.test(o), 'dnsConfig.options key', o, 'a resolv.conf option name such as "ndots"');
      v.check(value === undefined || typeof value === 'string', `dnsConfig.options.${o}`, value, 'a string such as "2", or undefined for an option without a value');
    });
  }
  v.check(props.dnsPolicy !== 'None' || (dns?.nameservers ?? []).length > 0, 'dnsConfig.nameservers', dns?.nameservers, 'at least one name server when dnsPolicy is "None"');
  (props.hostAliases ?? []).forEach((h, i) => {
    if (v.knownProps(`hostAliases[${i}]`, h, ['ip', 'hostnames'])) {
      v.format(`hostAliases[${i}].ip`, h.ip, IP_ADDRESS, true);
      v.check(Array.isArray(h.hostnames) && h.hostnames.length > 0, `hostAliases[${i}].hostnames`, h.hostnames, 'at least one host name');
      (h.hostnames ?? []).forEach((n, j) => v.format(`hostAliases[${i}].hostnames[${j}]`, n, SUBDOMAIN, true));
    }
  });
}

/** The pod's `dnsConfig`, its options as name/value pairs. */
export function renderDnsConfig(dns: PodDnsConfig | undefined): k8s.PodDnsConfig | undefined {
  return dns && {
    nameservers: dns.nameservers,
    searches: dns.searches,
    options: dns.options && Object.entries(dns.options).map(([name, value]) => ({ name, value })),
  };
}

import { isIP } from 'node:net';

/**
 * The value formats Kubernetes accepts, each as a predicate plus the sentence shown to the user when a value
 * does not match. Kept free of constructs so checks and tests can reuse them.
 */
export interface Format<T = string> {
  /** True when the value has this format. */
  readonly test: (value: T) => boolean;
  /** The allowed form, phrased to follow "expected". */
  readonly description: string;
}

const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Labels joined by dots (Kubernetes' DNS-1123 subdomain pattern); one pattern, as every object name is tested. */
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isDnsSubdomain(v: string): boolean {
  return v.length > 0 && v.length <= 253 && SUBDOMAIN_RE.test(v);
}

/** DNS-1123 label: most object names (Namespace, Deployment, StatefulSet, container names). */
export const DNS_LABEL: Format = {
  test: (v) => typeof v === 'string' && v.length <= 63 && LABEL_RE.test(v),
  description: 'a DNS-1123 label: 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit',
};

/** DNS-1035 label: Service names, which must also start with a letter. */
export const DNS_1035_LABEL: Format = {
  test: (v) => typeof v === 'string' && v.length <= 63 && DNS1035_RE.test(v),
  description: 'a DNS-1035 label: 1-63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit',
};

/**
 * The name of an object other than a Service or Namespace (Secrets, NetworkPolicies, PDBs, StorageClasses...):
 * a DNS-1123 subdomain, limited to 63 characters as the strict schemas (and label values that echo names) require.
 */
export const OBJECT_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 63 && isDnsSubdomain(v),
  description: 'an object name: 1-63 lowercase letters, digits, "-" or ".", each dot-separated part starting and ending with a letter or digit',
};

/** IANA service name, the form of a named container or Service port. */
export const PORT_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 15 && LABEL_RE.test(v) && /[a-z]/.test(v) && !v.includes('--'),
  description: 'an IANA port name: 1-15 lowercase letters, digits or "-", at least one letter, no leading, trailing or double "-"',
};

/** A TCP or UDP port number. */
export const PORT_NUMBER: Format<number> = {
  test: (v) => Number.isInteger(v) && v >= 1 && v <= 65535,
  description: 'an integer port number from 1 to 65535',
};

/** A port a container without NET_BIND_SERVICE can listen on. */
export const UNPRIVILEGED_PORT: Format<number> = {
  test: (v) => Number.isInteger(v) && v > 1024 && v <= 65535,
  description: 'a port from 1025 to 65535 (an unprivileged container cannot bind lower ports)',
};

const QUANTITY_RE = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const SUFFIX_FACTOR: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/**
 * Parses a Kubernetes quantity ("10Gi", "500m", "1.5", "1e3") into its value in base units.
 * Returns undefined when the string is not a quantity (e.g. "10Gb", "ten").
 */
export function parseQuantity(value: string): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = QUANTITY_RE.exec(value);
  if (!match) {
    return undefined;
  }
  const [, number, suffix = ''] = match;
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX_FACTOR[suffix];
  return Number(number) * factor;
}

/** A strictly positive Kubernetes quantity. */
export const POSITIVE_QUANTITY: Format = {
  test: (v) => (parseQuantity(v) ?? 0) > 0,
  description: 'a positive Kubernetes quantity such as "10Gi", "512Mi", "1G" or "250m" (binary suffixes Ki, Mi, Gi, Ti; decimal k, M, G, T; "Gb" is not a unit)',
};

const IMAGE_RE = new RegExp(
  '^(?:((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?)/)?' + // registry
  '([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)' + // repository path
  '(?::([\\w][\\w.-]{0,127}))?' + // tag
  '(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$', // digest
);

/** The parts of a container image reference. */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Parses `[registry/]repository[:tag][@digest]`; undefined when the reference is malformed. */
export function parseImage(value: string): ImageReference | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = IMAGE_RE.exec(value);
  if (!match) {
    return undefined;
  }
  const [, registry, path, tag, digest] = match;
  // The first component is a registry host only if it has a "." or ":" or is "localhost"; otherwise it is part of
  // the repository path, which must be lowercase.
  if (registry && !/[.:]/.test(registry) && registry !== 'localhost' && /[A-Z]/.test(registry)) {
    return undefined;
  }
  return { repository: registry ? `${registry}/${path}` : path, tag, digest };
}

/** An image reference pinned by a tag other than `latest`, or by digest. */
export const PINNED_IMAGE: Format = {
  test: (v) => {
    const ref = parseImage(v);
    return ref !== undefined && (ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== 'latest'));
  },
  description: 'an image reference pinned by tag or digest, e.g. "mysql:8.4.7" or "repo/app@sha256:<digest>" (untagged and ":latest" images are not reproducible)',
};

/** An Ingress host: a DNS subdomain, optionally with a leading "*." wildcard; IP addresses are not allowed. */
export const INGRESS_HOST: Format = {
  test: (v) => typeof v === 'string' && isIP(v) === 0 && isDnsSubdomain(v.startsWith('*.') ? v.slice(2) : v),
  description: 'a DNS host name such as "counter.com" or "*.example.com" (lowercase, not empty, not an IP address)',
};

/** An HTTP path of an Ingress rule. */
export const HTTP_PATH: Format = {
  test: (v) => typeof v === 'string' && v.startsWith('/') && !/\s/.test(v),
  description: 'an absolute HTTP path starting with "/" and without spaces',
};

/** An absolute file system path inside a container. */
export const ABSOLUTE_PATH: Format = {
  test: (v) => typeof v === 'string' && v.startsWith('/') && v.length > 1 && !v.split('/').includes('..') && !v.includes(':'),
  description: 'an absolute path other than "/", without ".." or ":"',
};

const CIDR_RE = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/;

/** An IPv4 or IPv6 CIDR block. */
export const CIDR: Format = {
  test: (v) => {
    const m = typeof v === 'string' ? CIDR_RE.exec(v) : null;
    if (!m) {
      return false;
    }
    const family = isIP(m[1]);
    const bits = Number(m[2]);
    return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
  },
  description: 'a CIDR block such as "10.0.0.0/16" or "fd00::/8"',
};

const LABEL_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A label or annotation key: an optional DNS-subdomain prefix and "/", then a name of up to 63 characters. */
export const LABEL_KEY: Format = {
  test: (v) => {
    if (typeof v !== 'string') {
      return false;
    }
    const slash = v.lastIndexOf('/');
    const prefix = slash >= 0 ? v.slice(0, slash) : undefined;
    const name = slash >= 0 ? v.slice(slash + 1) : v;
    return (prefix === undefined || isDnsSubdomain(prefix)) && name.length <= 63 && LABEL_NAME_RE.test(name);
  },
  description: 'a label key: optional "prefix/" (a DNS subdomain) and a name of 1-63 letters, digits, "-", "_" or "." starting and ending alphanumeric',
};

/**
 * An annotation key: the form of a label key (annotation values are free text). Kept apart from LABEL_KEY so that
 * messages say what the key is for.
 */
export const ANNOTATION_KEY: Format = {
  test: LABEL_KEY.test,
  description: 'an annotation key: optional "prefix/" (a DNS subdomain) and a name of 1-63 letters, digits, "-", "_" or "." starting and ending alphanumeric',
};

/** A DNS-1123 subdomain of up to 253 characters, e.g. a host name or a search domain. */
export const SUBDOMAIN: Format = {
  test: (v) => typeof v === 'string' && isDnsSubdomain(v),
  description: 'a DNS subdomain: dot-separated parts of lowercase letters, digits or "-", each starting and ending with a letter or digit, at most 253 characters',
};

/** An API group as references and RBAC rules name it: "" for core, or a DNS subdomain. */
export const API_GROUP: Format = {
  test: (v) => typeof v === 'string' && (v === '' || (v.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(v))),
  description: 'an API group: "" for core, or a DNS subdomain such as "gateway.networking.k8s.io"',
};

/** An IPv4 or IPv6 address. */
export const IP_ADDRESS: Format = {
  test: (v) => typeof v === 'string' && isIP(v) !== 0,
  description: 'an IPv4 or IPv6 address such as "10.0.0.10"',
};

/** A label value. */
export const LABEL_VALUE: Format = {
  test: (v) => typeof v === 'string' && (v === '' || (v.length <= 63 && LABEL_NAME_RE.test(v))),
  description: 'a label value: empty, or 1-63 letters, digits, "-", "_" or "." starting and ending alphanumeric',
};

/** An environment variable name. */
export const ENV_NAME: Format = {
  test: (v) => typeof v === 'string' && /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v),
  description: 'an environment variable name of letters, digits, "_", "-" or ".", not starting with a digit',
};

/** A key inside a Secret or ConfigMap. */
export const DATA_KEY: Format = {
  // The API server's IsConfigMapKey also refuses "." and keys starting with "..", which would be path tricks as file names.
  test: (v) => typeof v === 'string' && v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v) && v !== '.' && !v.startsWith('..'),
  description: 'a Secret or ConfigMap key of 1-253 letters, digits, "-", "_" or "." (not "." and not starting with "..")',
};

/** An API version as objects name it: "v1", "apps/v1", "serving.knative.dev/v1beta1". */
export const API_VERSION: Format = {
  test: (v) => typeof v === 'string' && /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v\d+((alpha|beta)\d+)?$/.test(v),
  description: 'an API version such as "v1" or "apps/v1"',
};

/** A kind: an UpperCamelCase name such as "Deployment". */
export const KIND: Format = {
  test: (v) => typeof v === 'string' && /^[A-Z][A-Za-z0-9]*$/.test(v),
  description: 'a kind such as "Event" or "Deployment"',
};

/** A Go duration as used by controllers, e.g. "1h", "15m", "30s". */
export const GO_DURATION: Format = {
  test: (v) => typeof v === 'string' && /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v),
  description: 'a duration such as "1h", "15m" or "1h30m"',
};

/** Environment variable names that usually hold credentials; their values must come from Secrets. */
export const SECRET_LIKE_ENV_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|API_KEY|ACCESS_KEY|CONN_STRING|DSN/i;

/**
 * The name of a CSI driver, as StorageClasses, PersistentVolumes and VolumeSnapshotClasses name it (and as the
 * driver's GetPluginInfo reports it): a DNS subdomain of at most 63 characters, by convention reverse-DNS-like
 * ("ebs.csi.aws.com", "ch.ctrox.csi.s3-driver"). The API server compares it case-insensitively.
 */
export const CSI_DRIVER_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 63 && isDnsSubdomain(v.toLowerCase()),
  description: 'a CSI driver name such as "ebs.csi.aws.com": 1-63 letters, digits, "-" or ".", each dot-separated part starting and ending with a letter or digit',
};

/** A CPU amount of 0 or more, at most millicore precision: "2", "1.5", "500m" (as ResourceQuotas and LimitRanges take it). */
export const CPU_QUANTITY: Format = {
  test: (v) => {
    const n = parseQuantity(v);
    return n !== undefined && n >= 0 && Math.abs(n * 1000 - Math.round(n * 1000)) < 1e-6;
  },
  description: 'a CPU amount such as "2", "1.5" or "500m" (0 or more, no finer than a millicore)',
};

/** An amount of memory or storage of 0 or more whole bytes: "4Gi", "512Mi", "1G" (not "500m", which is half a byte). */
export const BYTE_QUANTITY: Format = {
  test: (v) => {
    const n = parseQuantity(v);
    return n !== undefined && n >= 0 && Number.isInteger(n);
  },
  description: 'an amount of bytes such as "4Gi", "512Mi" or "1G" (0 or more whole bytes: "500m" would be half a byte, and "Gb" is not a unit)',
};

import { Construct } from 'constructs';
import { resourceGroupProblem } from '../core/api-resources';
import { API_GROUP, DNS_LABEL, PORT_NUMBER } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject, reportUnder } from '../core/validator';
import { NetworkPeer } from '../networking/network-peer';
import { Service } from '../networking/service';
import { AccessRule, AccessVerb, READ_VERBS } from '../security/access-rule';
import { ApiServerEndpoint, validateApiServer } from '../security/api-access';
import { PrivateCertificateAuthority } from '../security/private-ca';
import { SecureNamespace } from '../security/secure-namespace';
import { ResourceRequirements } from '../workloads/container-spec';
import { Probe } from '../workloads/probe';
import { MountSource } from '../workloads/file-mount';
import { Worker } from '../workloads/worker';
import { CrdConversion } from './crd-conversion';
import { ICustomResourceType } from './custom-resource-type';

/** A kind by its API group and plural resource name, e.g. `{ apiGroup: 'batch', resource: 'jobs' }`. */
export interface ApiKind {
  /** API group: "" for the core group, "batch", "apps", a CRD's group. */
  readonly apiGroup: string;
  /** Plural resource name, lower case, e.g. "jobs". */
  readonly resource: string;
}

/** Props of an {@link OperatorBundle}. */
export interface OperatorBundleProps {
  /**
   * Name of the operator: its namespace is `<name>-system` and its Deployment `<name>-controller-manager`, as the
   * operator-sdk and Kubebuilder layouts name them. A DNS label of at most 44 characters.
   */
  readonly name: string;
  /** Image of the controller manager, pinned by tag or digest. */
  readonly image: string;
  /**
   * The kinds the operator defines and reconciles (its CRDs): it reads and updates them (finalizers, annotations),
   * writes their status subresource and their finalizers (which owner references with `blockOwnerDeletion` need).
   */
  readonly kinds: ICustomResourceType[];
  /**
   * Other kinds it watches: get, list and watch only.
   * @default none
   */
  readonly watches?: Array<ICustomResourceType | ApiKind>;
  /**
   * Kinds it creates and deletes for the objects it reconciles (e.g. Jobs): get, list, watch, create, update, patch
   * and delete.
   * @default none
   */
  readonly owns?: Array<ICustomResourceType | ApiKind>;
  /**
   * Where the controller reaches the API server, opened through the namespace's default-deny NetworkPolicy (see
   * ApiAccess.apiServer). Without it the controller cannot work, so it is required.
   */
  readonly apiServer: ApiServerEndpoint;
  /**
   * Replicas of the controller manager, of which one leads at a time.
   * @default 2 with leader election, 1 without
   */
  readonly replicas?: number;
  /**
   * Runs several replicas with one leader (a Lease in the operator's namespace).
   * @default true
   */
  readonly leaderElection?: boolean;
  /**
   * Port of the metrics endpoint, published by the Service `<name>-controller-manager-metrics`.
   * @default 8080
   */
  readonly metricsPort?: number;
  /**
   * Port of the health endpoints (`/healthz` for liveness, `/readyz` for readiness).
   * @default 8081
   */
  readonly healthPort?: number;
  /**
   * Who may scrape the metrics (e.g. `NetworkPeer.namespace('monitoring')`); the namespace denies it otherwise.
   * @default nobody
   */
  readonly metricsScrapers?: NetworkPeer;
  /**
   * Arguments of the controller manager.
   * @default the image's
   */
  readonly args?: string[];
  /**
   * CPU and memory of the controller manager.
   * @default keelson's container defaults
   */
  readonly resources?: ResourceRequirements;
  /**
   * Serves the conversion webhook of the operator's CRDs: a Service `<name>-webhook-service` (443 to `port`), a
   * serving certificate from a private cert-manager CA in the operator's namespace, mounted where controller-runtime
   * looks (/tmp/k8s-webhook-server/serving-certs), and ingress from the API server's addresses. Point the CRDs'
   * `conversion` at {@link OperatorBundle.conversionWebhook}.
   * @default no webhook
   */
  readonly conversionWebhook?: ConversionWebhookOptions;
}

/** Options of {@link OperatorBundleProps.conversionWebhook}. */
export interface ConversionWebhookOptions {
  /**
   * Port the controller manager serves the webhook on, over HTTPS.
   * @default 9443 (controller-runtime's)
   */
  readonly port?: number;
}

/** Where controller-runtime reads its webhook serving certificate. */
export const WEBHOOK_CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

const PROPS = propNames<OperatorBundleProps>()({
  name: true, image: true, kinds: true, watches: true, owns: true, apiServer: true, replicas: true, leaderElection: true,
  metricsPort: true, healthPort: true, metricsScrapers: true, args: true, resources: true, conversionWebhook: true,
});

/** What the controller of its own kinds does: read and update them, their status and their finalizers. */
const OWN_VERBS: readonly AccessVerb[] = [...READ_VERBS, 'update', 'patch'];
const OWNED_VERBS: readonly AccessVerb[] = [...READ_VERBS, 'create', 'update', 'patch', 'delete'];

function isCustomType(x: ICustomResourceType | ApiKind): x is ICustomResourceType {
  return typeof (x as ICustomResourceType).plural === 'string' && typeof (x as ICustomResourceType).group === 'string';
}

/**
 * The RBAC rules an operator needs, derived from the kinds it reconciles, watches and owns: one rule per API group
 * and set of verbs, resources sorted. A resource it both watches and owns gets the owner's verbs.
 */
export function operatorRules(kinds: readonly ICustomResourceType[], watches: ReadonlyArray<ICustomResourceType | ApiKind> = [],
  owns: ReadonlyArray<ICustomResourceType | ApiKind> = []): AccessRule[] {
  const verbsOf = new Map<string, Set<AccessVerb>>(); // "group\u0000resource" -> verbs
  const add = (apiGroup: string, resource: string, verbs: readonly AccessVerb[]) => {
    const key = `${apiGroup}\u0000${resource}`;
    const set = verbsOf.get(key) ?? new Set<AccessVerb>();
    verbs.forEach((verb) => set.add(verb));
    verbsOf.set(key, set);
  };
  const ref = (x: ICustomResourceType | ApiKind): ApiKind => (isCustomType(x) ? { apiGroup: x.group, resource: x.plural } : x);
  for (const k of kinds) {
    add(k.group, k.plural, OWN_VERBS);
    add(k.group, `${k.plural}/status`, ['get', 'update', 'patch']);
    add(k.group, `${k.plural}/finalizers`, ['update']);
  }
  watches.map(ref).forEach((k) => add(k.apiGroup, k.resource, READ_VERBS));
  owns.map(ref).forEach((k) => add(k.apiGroup, k.resource, OWNED_VERBS));

  // Group resources of one API group that need the same verbs into one rule.
  const ORDER: readonly AccessVerb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  const rules = new Map<string, AccessRule>();
  for (const [key, set] of [...verbsOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [apiGroup, resource] = key.split('\u0000');
    const verbs = ORDER.filter((verb) => set.has(verb));
    const ruleKey = `${apiGroup}\u0000${verbs.join(',')}`;
    const rule = rules.get(ruleKey);
    rules.set(ruleKey, rule ? { ...rule, resources: [...rule.resources, resource] } : { apiGroup, resources: [resource], verbs });
  }
  return [...rules.values()];
}

/**
 * An operator as operator-sdk and Kubebuilder lay one out, from one declaration: a `<name>-system` namespace
 * (restricted Pod Security, default-deny network), the controller manager Deployment with an API token and a
 * least-privilege ClusterRole derived from the kinds it reconciles, watches and owns (plus leader election), its
 * metrics Service, a PodDisruptionBudget, and a NetworkPolicy that lets it reach the API server. The CRDs of its
 * kinds are declared beside it (CustomResourceDefinition) and passed in `kinds`.
 */
export class OperatorBundle extends Construct {
  /** The operator's namespace, `<name>-system`. */
  public readonly namespace: SecureNamespace;
  /** The controller manager. */
  public readonly controller: Worker;
  /** The Service publishing the metrics port. */
  public readonly metricsService: Service;
  /** The RBAC rules derived for the controller (a ClusterRole bound to its ServiceAccount). */
  public readonly rules: readonly AccessRule[];
  /** The Service of the conversion webhook, when the bundle serves one. */
  public readonly webhookService?: Service;

  /**
   * The `conversion` of a CRD whose webhook the operator `name` serves (with `conversionWebhook`): its Service and
   * path `/convert`, and the CA that cert-manager injects from the operator's serving certificate. The names follow
   * from the operator's name, so the CRD can be declared before the bundle that lists it in `kinds`.
   */
  public static conversionWebhook(name: string): CrdConversion {
    return {
      webhook: {
        service: { name: `${name}-webhook-service`, namespace: `${name}-system`, path: '/convert' },
        caInjection: { certificate: `${name}-system/${name}-serving-cert` },
      },
    };
  }

  public constructor(scope: Construct, id: string, props: OperatorBundleProps) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.check(isObject(props), 'props', props, 'an object of props (name, image, kinds, apiServer, ...)') || !v.knownProps('', props, PROPS)) {
      v.throwIfInvalid();
    }
    v.format('name', props.name, DNS_LABEL, true);
    v.check(typeof props.name !== 'string' || props.name.length <= 44, 'name', props.name,
      'at most 44 characters (the Deployment is named `<name>-controller-manager`, at most 63)');
    const kinds = checkKinds(v, 'kinds', props.kinds, true) as ICustomResourceType[];
    const watches = checkKinds(v, 'watches', props.watches, false);
    const owns = checkKinds(v, 'owns', props.owns, false);
    v.check(props.leaderElection === undefined || typeof props.leaderElection === 'boolean', 'leaderElection', props.leaderElection, 'true or false');
    const leaderElection = props.leaderElection !== false;
    v.integer('replicas', props.replicas, 1, 100);
    v.check(leaderElection || props.replicas === undefined || props.replicas === 1, 'replicas', props.replicas,
      '1 without leader election (two controllers would reconcile the same objects at once)');
    v.format('metricsPort', props.metricsPort, PORT_NUMBER);
    v.format('healthPort', props.healthPort, PORT_NUMBER);
    const metricsPort = props.metricsPort ?? 8080;
    const healthPort = props.healthPort ?? 8081;
    v.check(metricsPort !== healthPort, 'healthPort', healthPort, `a port other than the metrics port (${metricsPort})`);
    v.check(props.metricsScrapers === undefined || props.metricsScrapers instanceof NetworkPeer, 'metricsScrapers', props.metricsScrapers,
      'a NetworkPeer, e.g. NetworkPeer.namespace("monitoring")');
    validateApiServer(v, 'apiServer', props.apiServer);
    const webhook = props.conversionWebhook;
    if (webhook !== undefined && v.check(isObject(webhook), 'conversionWebhook', webhook, 'an object { port? }')
      && v.knownProps('conversionWebhook', webhook, ['port'])) {
      v.format('conversionWebhook.port', webhook.port, PORT_NUMBER);
      v.check(webhook.port === undefined || ![metricsPort, healthPort].includes(webhook.port), 'conversionWebhook.port', webhook.port,
        `a port other than the metrics (${metricsPort}) and health (${healthPort}) ports`);
    }
    v.throwIfInvalid();

    this.rules = operatorRules(kinds, watches, owns);
    const name = props.name;
    const webhookPort = webhook === undefined ? undefined : webhook.port ?? 9443;
    const certSecret = `${name}-webhook-server-cert`;
    this.namespace = new SecureNamespace(this, 'namespace', { name: `${name}-system` });
    // Built from the user's props (image, args, resources): its problems are reported under them, on the bundle.
    this.controller = reportUnder(this, 'namespace/controller-manager', (f) => f, () => new Worker(this.namespace, 'controller-manager', {
      name: `${name}-controller-manager`,
      image: props.image,
      args: props.args,
      resources: props.resources,
      replicas: props.replicas ?? (leaderElection ? 2 : 1),
      ports: [{ name: 'metrics', port: metricsPort }, { name: 'health', port: healthPort },
        ...(webhookPort === undefined ? [] : [{ name: 'webhook', port: webhookPort }])],
      mounts: webhookPort === undefined ? undefined
        : [{ path: WEBHOOK_CERT_DIR, source: MountSource.secret(certSecret, { items: { 'tls.crt': 'tls.crt', 'tls.key': 'tls.key' } }) }],
      liveness: Probe.http('/healthz', 'health'),
      readiness: Probe.http('/readyz', 'health'),
      apiAccess: {
        reason: `the ${name} operator reconciles ${kinds.map((k) => `${k.group}/${k.kind}`).join(', ')}`,
        rules: [...this.rules],
        scope: 'cluster',
        leaderElection,
        apiServer: props.apiServer,
      },
    }));
    this.metricsService = new Service(this.namespace, 'metrics', {
      name: `${name}-controller-manager-metrics`, target: this.controller, ports: ['metrics'],
    });
    if (props.metricsScrapers) {
      this.namespace.allowTraffic({ from: props.metricsScrapers, to: this.controller, ports: ['metrics'] });
    }
    if (webhookPort !== undefined) {
      this.webhookService = new Service(this.namespace, 'webhook-service', {
        name: `${name}-webhook-service`, target: this.controller, ports: [{ name: 'webhook', port: 443 }],
      });
      // The API server calls the webhook from its own addresses.
      props.apiServer.cidrs.forEach((cidr) => this.namespace.allowTraffic({ from: NetworkPeer.ipBlock(cidr), to: this.controller, ports: ['webhook'] }));
      const ca = new PrivateCertificateAuthority(this.namespace, 'webhook-ca', { name: `${name}-webhook-ca`, commonName: `${name} webhook CA` });
      const service = `${name}-webhook-service.${name}-system.svc`;
      ca.issueCertificate('serving-cert', { name: `${name}-serving-cert`, secretName: certSecret, dnsNames: [service, `${service}.cluster.local`] });
    }
  }
}

/** Checks a list of kinds; returns the valid ones. */
function checkKinds(v: PropsValidator, field: string, value: unknown, required: boolean): Array<ICustomResourceType | ApiKind> {
  if (value === undefined && !required) {
    return [];
  }
  const expected = required
    ? 'a non-empty list of the operator\'s kinds (CustomResourceDefinition constructs or imported CRDs)'
    : 'a list of kinds: CustomResourceDefinition constructs, imported CRDs or { apiGroup, resource }';
  if (!v.check(Array.isArray(value) && (!required || value.length > 0), field, value, expected)) {
    return [];
  }
  const out: Array<ICustomResourceType | ApiKind> = [];
  (value as unknown[]).forEach((k, i) => {
    const at = `${field}[${i}]`;
    if (isObject(k) && isCustomType(k as unknown as ICustomResourceType)) {
      out.push(k as unknown as ICustomResourceType);
    } else if (required || !isObject(k) || !('apiGroup' in k || 'resource' in k)) {
      v.fail(at, k, required ? 'a CustomResourceDefinition construct or an imported CRD' : expected);
    } else if (v.knownProps(at, k, ['apiGroup', 'resource'])) {
      const { apiGroup, resource } = k as unknown as ApiKind;
      const groupOk = v.format(`${at}.apiGroup`, apiGroup, API_GROUP, true);
      const resourceOk = v.check(typeof resource === 'string' && /^[a-z][a-z0-9-]*$/.test(resource) && resource.length <= 63, `${at}.resource`, resource,
        'a plural lower-case resource such as "jobs"');
      if (groupOk && resourceOk) {
        const problem = resourceGroupProblem(apiGroup, resource);
        if (v.check(problem === undefined, `${at}.resource`, resource, `a resource of API group "${apiGroup}" (${problem})`)) {
          out.push({ apiGroup, resource });
        }
      }
    }
  });
  v.unique(field, out, (k) => (isCustomType(k) ? `${k.group}/${k.plural}` : `${k.apiGroup}/${k.resource}`), 'a kind');
  return out;
}

import { Construct } from 'constructs';
import { CIDR, PORT_NUMBER } from '../core/formats';
import { k8s } from '../core/k8s';
import { boundedName } from '../core/names';
import { PropsValidator, isObject } from '../core/validator';
import { NetworkPeer } from '../networking/network-peer';
import { NetworkPolicy } from '../networking/network-policy';
import { AccessGrant } from './access-grant';
import { AccessRule, validateAccessRule } from './access-rule';
import { AccessSubject } from './access-subject';
import { ServiceAccount } from './service-account';

/** Where a workload's pods reach the Kubernetes API server, for the NetworkPolicy that lets them (see {@link ApiAccess.apiServer}). */
export interface ApiServerEndpoint {
  /**
   * The API server's own addresses as CIDR blocks: the endpoints of the `kubernetes` Service in namespace `default`
   * (`kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes`), e.g. the control plane's
   * subnets, or on EKS the VPC CIDR where its network interfaces live. Never every address.
   */
  readonly cidrs: string[];
  /**
   * The port those endpoints serve on, which is what a NetworkPolicy sees (the Service's port 443 is translated to
   * it first): 443 on EKS and GKE, 6443 on kubeadm clusters.
   * @default 443
   */
  readonly port?: number;
}

/**
 * What a workload's pods may do with the Kubernetes API (a controller, an operator, a tool that reads the cluster):
 * they get a short-lived API token, and their own ServiceAccount is bound to exactly these rules.
 */
export interface ApiAccess {
  /** Why the pods call the Kubernetes API; recorded on the pods (annotation keelson.dev/automount-token-reason). */
  readonly reason: string;
  /**
   * The permissions, least privilege: a Role with them (scope "namespace") or a ClusterRole (scope "cluster"),
   * bound to the workload's ServiceAccount. May be empty only with `leaderElection`.
   */
  readonly rules: AccessRule[];
  /**
   * "namespace": the rules apply in the workload's namespace (a Role and RoleBinding); "cluster": in every namespace
   * and on cluster-scoped resources (a ClusterRole and ClusterRoleBinding named `<namespace>-<workload>-api-access`).
   * @default "namespace"
   */
  readonly scope?: 'namespace' | 'cluster';
  /**
   * Also lets the pods elect a leader among themselves: a Role `<workload>-leader-election` in the workload's
   * namespace on coordination.k8s.io leases (get, list, watch, create, update, patch) and events (create, patch).
   * @default false
   */
  readonly leaderElection?: boolean;
  /**
   * The audience of the token (its `aud` claim). The API server accepts only tokens for its own audiences
   * (`--api-audiences`), so give one only where the cluster names them.
   * @default the API server's own audiences
   */
  readonly audience?: string;
  /**
   * Lifetime of the token, 600 to 86400 seconds; the kubelet replaces it before it expires (after 80% of it, or a
   * day), and the Kubernetes client libraries read the new one.
   * @default 3600
   */
  readonly expirationSeconds?: number;
  /**
   * Lets the pods reach the API server through a namespace's default-deny NetworkPolicy: an egress NetworkPolicy
   * `<workload>-egress-to-api-server` to these addresses and port. The API server's addresses depend on the
   * cluster, so nothing is opened unless you give them.
   * @default no NetworkPolicy: a default-deny namespace blocks the API server
   */
  readonly apiServer?: ApiServerEndpoint;
}

/** Where the pods find the token, the cluster's CA certificate and their namespace: where every Kubernetes client library looks. */
export const API_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The pod volume that holds the API token. */
export const API_TOKEN_VOLUME = 'kube-api-access';

/** The token lifetime unless `expirationSeconds` says otherwise. */
export const DEFAULT_API_TOKEN_SECONDS = 3600;

/** What leader election needs, in the workload's namespace: a Lease to hold, and events that say who holds it. */
export const LEADER_ELECTION_RULES: readonly AccessRule[] = [
  { apiGroup: 'coordination.k8s.io', resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
  { apiGroup: '', resources: ['events'], verbs: ['create', 'patch'] },
];

const PROPS: readonly string[] = ['reason', 'rules', 'scope', 'leaderElection', 'audience', 'expirationSeconds', 'apiServer'];
const SHAPE = '{ reason, rules, scope?, leaderElection?, audience?, expirationSeconds?, apiServer? }';
// The API server refuses a projected token of less than 10 minutes (and more than 2^32 s). keelson stops at a day: the
// kubelet renews every token at least daily anyway, so a longer one only lives longer once stolen.
const MIN_SECONDS = 600;
const MAX_SECONDS = 86400;
/** An audience: printable ASCII without spaces (a URL or an identifier such as "vault"). */
const AUDIENCE = /^[\x21-\x7e]{1,1024}$/;

/**
 * Checks `apiAccess` (reported at `field`): a reason, rules checked as an AccessRole checks them (at least one unless
 * `leaderElection`), a known scope, a token lifetime and audience the API server accepts, and the API server's
 * addresses (never every address). Returns whether it is usable. @internal
 */
export function validateApiAccess(v: PropsValidator, field: string, access: unknown): access is ApiAccess {
  if (!v.check(isObject(access), field, access, `an object ${SHAPE}`) || !v.knownProps(field, access, PROPS)) {
    return false;
  }
  const before = v.issues.length;
  const a = access as Partial<ApiAccess>;
  v.check(typeof a.reason === 'string' && a.reason.trim().length > 0, `${field}.reason`, a.reason,
    'a reason why the pods call the Kubernetes API (recorded on the pods)');
  v.check(a.scope === undefined || a.scope === 'namespace' || a.scope === 'cluster', `${field}.scope`, a.scope,
    '"namespace" (a Role and RoleBinding) or "cluster" (a ClusterRole and ClusterRoleBinding)');
  v.check(a.leaderElection === undefined || typeof a.leaderElection === 'boolean', `${field}.leaderElection`, a.leaderElection, 'true or false');
  if (v.check(Array.isArray(a.rules), `${field}.rules`, a.rules, 'a list of AccessRules, e.g. [readAccess("", ["configmaps"])]')) {
    v.check(a.rules!.length > 0 || a.leaderElection === true, `${field}.rules`, a.rules,
      'at least one rule (an empty list only with leaderElection: true, for pods that only elect a leader)');
    a.rules!.forEach((r, i) => validateAccessRule(v, `${field}.rules[${i}]`, r));
  }
  v.check(a.audience === undefined || (typeof a.audience === 'string' && AUDIENCE.test(a.audience)), `${field}.audience`, a.audience,
    'an audience of printable characters without spaces, such as "https://kubernetes.default.svc", or none for the API server\'s own');
  v.integer(`${field}.expirationSeconds`, a.expirationSeconds, MIN_SECONDS, MAX_SECONDS);
  if (a.apiServer !== undefined) {
    validateApiServer(v, `${field}.apiServer`, a.apiServer);
  }
  return v.issues.length === before;
}

/** Checks the API server's endpoint: `{ cidrs, port? }`, never every address. Returns whether it is usable. @internal */
export function validateApiServer(v: PropsValidator, field: string, api: unknown): api is ApiServerEndpoint {
  if (!v.check(isObject(api), field, api, 'the API server\'s addresses: { cidrs: ["10.0.0.0/16"], port?: 443 }') || !v.knownProps(field, api, ['cidrs', 'port'])) {
    return false;
  }
  const before = v.issues.length;
  const { cidrs, port } = api as Partial<ApiServerEndpoint>;
  if (v.check(Array.isArray(cidrs) && cidrs.length > 0, `${field}.cidrs`, cidrs,
    'a list of at least one CIDR block of the API server\'s endpoints, e.g. ["10.0.0.0/16"]')) {
    cidrs!.forEach((c, i) => {
      if (v.format(`${field}.cidrs[${i}]`, c, CIDR, true)) {
        v.check(!c.endsWith('/0'), `${field}.cidrs[${i}]`, c,
          'the API server\'s own addresses, not every address (that would let the pods reach any host on this port)');
      }
    });
    v.unique(`${field}.cidrs`, cidrs!, (c) => String(c), 'a CIDR block');
  }
  v.format(`${field}.port`, port, PORT_NUMBER);
  return v.issues.length === before;
}

/**
 * The projected volume that gives the pods what the kubelet's automount would (the token, the cluster CA from the
 * `kube-root-ca.crt` ConfigMap every namespace has, and the namespace), with the lifetime and audience asked for.
 * @internal
 */
export function apiTokenVolume(access: ApiAccess): k8s.Volume {
  return {
    name: API_TOKEN_VOLUME,
    projected: {
      // Readable by the pod's group (fsGroup, which every keelson container belongs to); the kubelet narrows the
      // token file further where it can.
      defaultMode: 0o440,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: access.expirationSeconds ?? DEFAULT_API_TOKEN_SECONDS, audience: access.audience } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** The read-only mount of the token volume, for every container of the pod. @internal */
export const API_TOKEN_MOUNT: k8s.VolumeMount = { name: API_TOKEN_VOLUME, mountPath: API_TOKEN_PATH, readOnly: true };

/** Whether a container's mount at `path` would hide the token, or be put inside its read-only directory. @internal */
export function hidesApiToken(path: unknown): boolean {
  return typeof path === 'string' && (path.replace(/\/+$/, '') === API_TOKEN_PATH || path.startsWith(`${API_TOKEN_PATH}/`));
}

/** What {@link addApiAccess} builds for: the workload's name, namespace, pod selector and own ServiceAccount. @internal */
export interface ApiAccessTarget {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly serviceAccount: ServiceAccount;
}

/**
 * Creates, in `scope`, what a validated `access` grants the workload `target`: the role and binding of its rules
 * (child `api-access`), the leader-election Role and binding (child `api-leader-election`), and the egress
 * NetworkPolicy to the API server (child `api-server-egress`). @internal
 */
export function addApiAccess(scope: Construct, access: ApiAccess, target: ApiAccessTarget): void {
  const subjects = [AccessSubject.serviceAccount(target.serviceAccount)];
  const cluster = access.scope === 'cluster';
  if (access.rules.length > 0) {
    new AccessGrant(scope, 'api-access', {
      // A ClusterRole's name is the cluster's: the namespace keeps two workloads of one name apart.
      name: boundedName(cluster ? `${target.namespace}-${target.name}-api-access` : `${target.name}-api-access`),
      scope: cluster ? 'cluster' : 'namespace',
      namespace: target.namespace,
      rules: access.rules.map((r) => ({ ...r })),
      subjects,
    });
  }
  if (access.leaderElection) {
    new AccessGrant(scope, 'api-leader-election', {
      name: boundedName(`${target.name}-leader-election`),
      scope: 'namespace',
      namespace: target.namespace,
      rules: LEADER_ELECTION_RULES.map((r) => ({ ...r, resources: [...r.resources], verbs: [...r.verbs] })),
      subjects,
    });
  }
  if (access.apiServer) {
    new NetworkPolicy(scope, 'api-server-egress', {
      name: boundedName(`${target.name}-egress-to-api-server`),
      namespace: target.namespace,
      podSelector: { ...target.selector },
      egress: [{ peers: access.apiServer.cidrs.map((c) => NetworkPeer.ipBlock(c)), ports: [{ port: access.apiServer.port ?? 443, protocol: 'TCP' }] }],
    });
  }
}

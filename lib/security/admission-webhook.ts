import { k8s, KubeMutatingWebhookConfiguration, KubeValidatingWebhookConfiguration } from '../core/k8s';
import { Construct } from 'constructs';
import { ABSOLUTE_PATH, DNS_1035_LABEL, HTTP_PATH, OBJECT_NAME, UNPRIVILEGED_PORT } from '../core/formats';
import { workloadLabels } from '../core/labels';
import { ADMISSION_POLICY_REASON_ANNOTATION } from '../core/annotations';
import { resolveNamespace } from '../core/namespace-scope';
import { boundedName } from '../core/names';
import { AcceptedRisk } from '../core/risk';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject, reportUnder } from '../core/validator';
import { NAMESPACE_NAME_LABEL, NetworkPeer } from '../networking/network-peer';
import { NetworkPolicy } from '../networking/network-policy';
import { ContainerPortSpec, ContainerSpec } from '../workloads/container-spec';
import { FileMount, MountSource } from '../workloads/file-mount';
import { ContainerProps, validateContainerProps } from '../workloads/pod-spec';
import { Probe } from '../workloads/probe';
import { WebService } from '../workloads/web-service';
import { IWorkload, ReplicatedWorkloadProps } from '../workloads/workload';
import { PrivateCertificateAuthority } from './private-ca';
import { TlsCertificate } from './tls-certificate';
import { WebhookRule, WebhookSelector, renderSelector, renderWebhookRule } from './webhook-rule';
import { WebhookTls, WebhookTlsSpec } from './webhook-tls';
import { excludedNamespaces, validateWebhookOptions } from './webhook-options';
import { REPLICATED_WORKLOAD_PROPS } from '../workloads/workload';

/** A mutating webhook may change the objects it admits; a validating one only accepts or rejects them. */
export type AdmissionWebhookType = 'mutating' | 'validating';

/** What the API server does when the webhook cannot be reached or answers with an error. */
export type WebhookFailurePolicy = 'Fail' | 'Ignore';

/** Whether calling the webhook changes anything outside the reviewed object (v1 allows only "no"). */
export type WebhookSideEffects = 'None' | 'NoneOnDryRun';

/** Whether a request through another API version of the same object ("Equivalent") also calls the webhook. */
export type WebhookMatchPolicy = 'Equivalent' | 'Exact';

/** Whether a mutating webhook is called again when a later webhook changed the object. */
export type WebhookReinvocationPolicy = 'Never' | 'IfNeeded';

/** A CEL condition that must hold for the webhook to be called. */
export interface WebhookMatchCondition {
  /** Name of the condition, unique within the webhook, e.g. "not-a-lease". */
  readonly name: string;
  /** CEL expression over `object`, `oldObject`, `request` and `authorizer` that evaluates to a bool. */
  readonly expression: string;
}

/** One webhook of the configuration: what it is called for, where, and how failures are handled. */
export interface WebhookOptions {
  /**
   * Name of the webhook: a fully qualified name of at least three dot-separated parts, unique in the configuration.
   * @default "<service>.<namespace>.svc"
   */
  readonly name?: string;
  /**
   * HTTPS path on the server that serves this webhook.
   * @default "/mutate" for a mutating webhook, "/validate" for a validating one
   */
  readonly path?: string;
  /** The requests the webhook receives. At least one rule. */
  readonly rules: WebhookRule[];
  /**
   * What happens to a request when the webhook cannot answer: "Fail" rejects it, "Ignore" admits it unchecked
   * (which needs `failOpen: { reason }`).
   * @default "Fail"
   */
  readonly failurePolicy?: WebhookFailurePolicy;
  /**
   * Accepts that requests pass unchecked when the webhook is down, with the reason; required with failurePolicy
   * "Ignore" and recorded on the webhook configuration.
   * @default none
   */
  readonly failOpen?: AcceptedRisk;
  /**
   * Side effects of a call: "None", or "NoneOnDryRun" when the webhook skips them for dry-run requests.
   * @default "None"
   */
  readonly sideEffects?: WebhookSideEffects;
  /**
   * Seconds the API server waits for an answer (1-30) before applying the failure policy.
   * @default 5
   */
  readonly timeoutSeconds?: number;
  /**
   * Whether requests through other versions of a matched resource are sent too.
   * @default "Equivalent"
   */
  readonly matchPolicy?: WebhookMatchPolicy;
  /**
   * Mutating webhooks only: whether to call the webhook again after later webhooks changed the object.
   * @default "Never" (mutating), not set (validating)
   */
  readonly reinvocationPolicy?: WebhookReinvocationPolicy;
  /**
   * CEL conditions that must all hold for a request to be sent (Kubernetes 1.30+). Each is parsed at synth time.
   * @default none
   */
  readonly matchConditions?: WebhookMatchCondition[];
  /**
   * Namespaces (by their labels) whose objects are sent. The webhook's own namespace, kube-system and
   * `excludeNamespaces` are always left out, so the webhook can never block its own pods or the control plane.
   * @default every namespace except those
   */
  readonly namespaceSelector?: WebhookSelector;
  /**
   * More namespaces whose objects are never sent to the webhook.
   * @default none beyond its own namespace and kube-system
   */
  readonly excludeNamespaces?: string[];
  /**
   * Objects (by their labels) that are sent.
   * @default every object
   */
  readonly objectSelector?: WebhookSelector;
}

/** Props of an {@link AdmissionWebhook}. */
export interface AdmissionWebhookProps extends ReplicatedWorkloadProps,
  Pick<ContainerSpec, 'image' | 'command' | 'args' | 'env' | 'envFromSecrets' | 'resources' | 'runAsUser' | 'runAsGroup' | 'writablePaths'> {
  /** A mutating webhook (may patch objects) or a validating one (only accepts or rejects them). */
  readonly type: AdmissionWebhookType;
  /** The webhooks the server answers, each on its own path. At least one. */
  readonly webhooks: WebhookOptions[];
  /** How the API server trusts the server's certificate: {@link WebhookTls.certManager} or {@link WebhookTls.caBundle}. */
  readonly tls: WebhookTls;
  /**
   * Name of the MutatingWebhookConfiguration or ValidatingWebhookConfiguration.
   * @default the workload name
   */
  readonly configurationName?: string;
  /**
   * Number of server pods. With failurePolicy "Fail", requests fail while no pod answers, so keep at least two.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Port the server listens on with TLS; the Service publishes it on 443.
   * @default 8443
   */
  readonly containerPort?: number;
  /**
   * Side-effect-free HTTPS path for the readiness and liveness probes.
   * @default "/healthz"
   */
  readonly healthPath?: string;
  /**
   * Directory where the serving certificate's `tls.crt` and `tls.key` are mounted, read-only.
   * @default "/etc/webhook/tls"
   */
  readonly certificateDirectory?: string;
  /**
   * Where the API server's calls come from; the NetworkPolicy lets only them reach the server port. Give the
   * control plane's addresses, e.g. `NetworkPeer.ipBlock(<VPC CIDR>)` on EKS, whose control plane calls webhooks
   * from network interfaces in the cluster's VPC.
   * @default the private IPv4 ranges 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (never the internet)
   */
  readonly apiServerPeers?: NetworkPeer[];
}

const PROPS: readonly string[] = [...REPLICATED_WORKLOAD_PROPS, ...propNames<Omit<AdmissionWebhookProps, keyof ReplicatedWorkloadProps>>()({
  image: true, command: true, args: true, env: true, envFromSecrets: true, resources: true, runAsUser: true, runAsGroup: true, writablePaths: true,
  type: true, webhooks: true, tls: true, configurationName: true, replicas: true, containerPort: true, healthPath: true, certificateDirectory: true,
  apiServerPeers: true,
})];

/** The private IPv4 ranges that the API server's calls may come from unless `apiServerPeers` says otherwise. */
export const PRIVATE_IPV4_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** The annotation by which cert-manager's CA injector fills `caBundle` from a Certificate ("<namespace>/<name>"). */
export const INJECT_CA_FROM_ANNOTATION = 'cert-manager.io/inject-ca-from';

const SERVICE_PORT = 443;
const PORT_NAME = 'https';
/** Longest workload name whose generated objects (e.g. "<name>-selfsigned") still fit in 63 characters. */
const MAX_NAME = 52;
/** The same when the serving certificate ("<name>-serving") is the longest generated name. */
const MAX_NAME_WITH_ISSUER = 55;


/**
 * A self-hosted admission webhook (Cloud Native with Kubernetes, ch. 12): the server as a restricted Deployment
 * serving HTTPS on 8443 with its own ServiceAccount, PodDisruptionBudget and HTTPS probes; a Service on 443; a
 * `admissionregistration.k8s.io/v1` MutatingWebhookConfiguration or ValidatingWebhookConfiguration that calls it
 * through that Service; TLS from cert-manager (a private CA, a serving certificate for the Service's names mounted
 * read-only, and CA injection into the configuration) or an explicit CA bundle; and a NetworkPolicy that lets only
 * the API server reach the server.
 *
 * Every webhook leaves out the webhook's own namespace and kube-system, so it can never block its own pods or the
 * control plane; each rule's resources are checked against their API groups; side effects must be "None" or
 * "NoneOnDryRun"; failure policy, timeout and match policy are always written out.
 */
export class AdmissionWebhook extends Construct implements IWorkload {
  /** Name of the server's Deployment, Service, ServiceAccount and PodDisruptionBudget (and of its pods' `app` label). */
  public readonly name: string;
  /** Namespace of the server. */
  public readonly namespace: string;
  /** Labels that select the server's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The server's port ("https"). */
  public readonly ports: readonly ContainerPortSpec[];
  /** Name of the webhook configuration. */
  public readonly configurationName: string;
  /** The DNS names of the Service, which the serving certificate covers: `<svc>.<ns>.svc` and `<svc>.<ns>.svc.cluster.local`. */
  public readonly serviceDnsNames: readonly string[];
  /** The Secret holding the serving certificate. */
  public readonly certificateSecretName: string;

  public constructor(scope: Construct, id: string, props: AdmissionWebhookProps) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.knownProps('', props, PROPS) || !v.check(isObject(props), 'props', props, 'an object of props with at least type, webhooks, tls and image')) {
      v.throwIfInvalid();
    }
    this.name = props.name ?? id;
    this.configurationName = props.configurationName ?? this.name;
    const containerPort = props.containerPort ?? 8443;
    const certificateDirectory = props.certificateDirectory ?? '/etc/webhook/tls';
    const healthPath = props.healthPath ?? '/healthz';
    const tls = props.tls instanceof WebhookTls ? props.tls._spec : undefined;
    this.certificateSecretName = tls?.kind === 'caBundle' ? tls.secretName : `${this.name}-tls`;

    v.format('name', this.name, DNS_1035_LABEL, true);
    if (tls?.kind === 'certManager' && typeof this.name === 'string') {
      const [max, suffix] = tls.issuer ? [MAX_NAME_WITH_ISSUER, '-serving'] : [MAX_NAME, '-selfsigned'];
      v.check(this.name.length <= max, 'name', this.name, `a name of at most ${max} characters (the certificate objects append "${suffix}")`);
    }
    this.namespace = resolveNamespace(this, props.namespace, v);
    this.serviceDnsNames = [`${this.name}.${this.namespace}.svc`, `${this.name}.${this.namespace}.svc.cluster.local`];
    v.check(props.type === 'mutating' || props.type === 'validating', 'type', props.type, '"mutating" or "validating"');
    v.format('configurationName', this.configurationName, OBJECT_NAME, true);
    if (v.check(tls !== undefined, 'tls', props.tls,
      'WebhookTls.certManager() or WebhookTls.caBundle(...): the API server calls admission webhooks over HTTPS only')) {
      props.tls._validate(v, 'tls');
    }
    v.integer('replicas', props.replicas, 1, 1000);
    v.format('containerPort', containerPort, UNPRIVILEGED_PORT, true);
    v.format('healthPath', healthPath, HTTP_PATH, true);
    v.format('certificateDirectory', certificateDirectory, ABSOLUTE_PATH, true);
    if (props.apiServerPeers !== undefined && v.check(Array.isArray(props.apiServerPeers) && props.apiServerPeers.length > 0, 'apiServerPeers',
      props.apiServerPeers, 'at least one peer (without any, the API server cannot reach the webhook and every matched request fails)')) {
      props.apiServerPeers.forEach((p, i) => {
        if (v.check(p instanceof NetworkPeer, `apiServerPeers[${i}]`, p, 'a NetworkPeer, e.g. NetworkPeer.ipBlock("10.0.0.0/16")')) {
          p._validate(v, `apiServerPeers[${i}]`);
        }
      });
    }
    validateWebhookOptions(v, props.type, props.webhooks, this.name, this.namespace);
    // The server's container is checked next, with the certificate Secret's name: only once the TLS is known to be right.
    v.throwIfInvalid();

    const mainPorts = [{ name: PORT_NAME, port: containerPort }];
    const mount: FileMount = {
      path: certificateDirectory,
      source: MountSource.secret(this.certificateSecretName, { items: { 'tls.crt': 'tls.crt', 'tls.key': 'tls.key' } }),
    };
    const containerProps: ContainerProps = {
      image: props.image,
      command: props.command,
      args: props.args,
      env: props.env,
      envFromSecrets: props.envFromSecrets,
      resources: props.resources,
      runAsUser: props.runAsUser,
      runAsGroup: props.runAsGroup,
      writablePaths: props.writablePaths,
      mounts: [mount],
      readiness: Probe.https(healthPath, PORT_NAME),
      liveness: Probe.https(healthPath, PORT_NAME),
    };
    validateContainerProps(v, containerProps, this.name, mainPorts);
    v.throwIfInvalid();

    // The server is built from the user's props: its problems are reported under them.
    const server = reportUnder(this, 'server', (f) => f, () => new WebService(this, 'server', {
      ...containerProps,
      name: this.name,
      namespace: this.namespace,
      labels: props.labels,
      annotations: props.annotations,
      serviceAccount: props.serviceAccount,
      apiAccess: props.apiAccess,
      disruptionBudget: props.disruptionBudget,
      spread: props.spread,
      replicas: props.replicas ?? 2,
      containerPort,
      portName: PORT_NAME,
      servicePort: SERVICE_PORT,
    }));
    this.selector = server.selector;
    this.ports = server.ports;

    const spec = tls!;
    const failOpen = props.webhooks.flatMap((w) => (w.failurePolicy === 'Ignore' ? [`${w.name ?? this.name}: ${w.failOpen?.reason}`] : []));
    const annotations = {
      ...(spec.kind === 'certManager' ? { [INJECT_CA_FROM_ANNOTATION]: `${this.namespace}/${this.addCertificate(spec)}` } : {}),
      ...(failOpen.length > 0 ? { [ADMISSION_POLICY_REASON_ANNOTATION]: failOpen.join('; ') } : {}),
    };

    new NetworkPolicy(this, 'api-server-ingress', {
      name: boundedName(`${this.name}-ingress-from-api-server`),
      namespace: this.namespace,
      podSelector: { ...this.selector },
      ingress: [{ peers: props.apiServerPeers ?? PRIVATE_IPV4_RANGES.map((c) => NetworkPeer.ipBlock(c)), ports: [{ port: containerPort }] }],
    });

    const caBundle = spec.kind === 'caBundle' ? spec.caBundle : undefined;
    const webhooks = props.webhooks.map((w) => this.renderWebhook(w, props.type, caBundle));
    const metadata = { name: this.configurationName, labels: workloadLabels(this.name, props.labels), annotations: Object.keys(annotations).length > 0 ? annotations : undefined };
    if (props.type === 'mutating') {
      new KubeMutatingWebhookConfiguration(this, 'configuration', { metadata, webhooks });
    } else {
      new KubeValidatingWebhookConfiguration(this, 'configuration', {
        metadata,
        webhooks: webhooks.map(({ reinvocationPolicy: _unused, ...w }) => w),
      });
    }
  }

  /** Issues the serving certificate (and, without an issuer, the private CA that signs it); returns its name. */
  private addCertificate(tls: Extract<WebhookTlsSpec, { kind: 'certManager' }>): string {
    const name = `${this.name}-serving`;
    const props = { name, secretName: this.certificateSecretName, dnsNames: [...this.serviceDnsNames], duration: tls.duration };
    if (tls.issuer) {
      new TlsCertificate(this, 'serving-certificate', { ...props, namespace: this.namespace, issuer: tls.issuer });
    } else {
      const ca = new PrivateCertificateAuthority(this, 'ca', { name: this.name, namespace: this.namespace, commonName: `${this.name} webhook CA` });
      ca.issueCertificate('serving-certificate', props);
    }
    return name;
  }

  private renderWebhook(w: WebhookOptions, type: AdmissionWebhookType, caBundle: string | undefined): k8s.MutatingWebhook {
    const user = renderSelector(w.namespaceSelector);
    return {
      name: w.name ?? `${this.name}.${this.namespace}.svc`,
      admissionReviewVersions: ['v1'],
      clientConfig: {
        service: { name: this.name, namespace: this.namespace, path: w.path ?? (type === 'mutating' ? '/mutate' : '/validate'), port: SERVICE_PORT },
        caBundle,
      },
      rules: w.rules.map(renderWebhookRule),
      failurePolicy: w.failurePolicy ?? 'Fail',
      sideEffects: w.sideEffects ?? 'None',
      timeoutSeconds: w.timeoutSeconds ?? 5,
      matchPolicy: w.matchPolicy ?? 'Equivalent',
      reinvocationPolicy: type === 'mutating' ? w.reinvocationPolicy ?? 'Never' : undefined,
      namespaceSelector: {
        matchLabels: user?.matchLabels,
        matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: excludedNamespaces(this.namespace, w) }, ...(user?.matchExpressions ?? [])],
      },
      objectSelector: renderSelector(w.objectSelector),
      matchConditions: w.matchConditions?.length ? w.matchConditions.map((c) => ({ name: c.name, expression: c.expression })) : undefined,
    };
  }
}

import { Construct, IConstruct } from 'constructs';
import { ValidationError } from '../core/errors';
import { DNS_LABEL, INGRESS_HOST } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkedScope, isObject, reportUnder } from '../core/validator';
import { namespaceOwnedByInstall } from '../extension/install-namespaces';
import { CHART_VERSION, PinnedHelmRelease } from '../extension/pinned-helm-release';
import { IngressController } from '../networking/ingress-controller';
import { IngressTls } from '../networking/ingress-tls';
import { NetworkPeer } from '../networking/network-peer';
import { NetworkPolicy } from '../networking/network-policy';
import { ISecretSource } from '../security/secret-source';
import { SecureNamespace } from '../security/secure-namespace';
import { OpenFaasFunction, OpenFaasFunctionOptions } from './openfaas-function';

/** How the gateway is published: an Ingress with TLS in front of its ClusterIP Service. */
export interface OpenFaasGatewayIngress {
  /** Host name of the gateway, e.g. "gateway.openfaas.example.com". */
  readonly host: string;
  /** The controller that serves the Ingress. */
  readonly controller: IngressController;
  /** Where the certificate comes from. */
  readonly tls: IngressTls;
}

/** Props of an {@link OpenFaasInstall}. */
export interface OpenFaasInstallProps {
  /**
   * "ce" (Community Edition: free for personal and non-commercial use, commercial use limited to 60 days) or
   * "pro" (Standard/Enterprise: adds the operator, so functions are also written as Function resources).
   * @default "ce"
   */
  readonly edition?: 'ce' | 'pro';
  /**
   * The openfaas chart version (https://openfaas.github.io/faas-netes/).
   * @default "14.2.132"
   */
  readonly chartVersion?: string;
  /**
   * Namespace of the gateway and the rest of the control plane.
   * @default "openfaas"
   */
  readonly namespace?: string;
  /**
   * Namespace the functions run in (Community Edition supports exactly one).
   * @default "openfaas-fn"
   */
  readonly functionNamespace?: string;
  /**
   * Publishes the gateway through an Ingress with TLS.
   * @default not published: reach it with `kubectl port-forward -n openfaas svc/gateway 8080:8080`
   */
  readonly ingress?: OpenFaasGatewayIngress;
  /**
   * The `basic-auth` Secret (keys basic-auth-user and basic-auth-password) holding the admin credentials, e.g.
   * an ExternalSecret.
   * @default the chart generates a random password into Secret basic-auth at install time
   */
  readonly basicAuthSecret?: ISecretSource;
  /**
   * The Secret `openfaas-license` holding the license; required for "pro".
   * @default none
   */
  readonly licenseSecret?: ISecretSource;
  /**
   * Replicas of the gateway.
   * @default 1
   */
  readonly gatewayReplicas?: number;
}

const PROPS = propNames<OpenFaasInstallProps>()({
  edition: true, chartVersion: true, namespace: true, functionNamespace: true, ingress: true, basicAuthSecret: true, licenseSecret: true,
  gatewayReplicas: true,
});
const INGRESS_PROPS = propNames<OpenFaasGatewayIngress>()({ host: true, controller: true, tls: true });
const REPOSITORY = { name: 'openfaas', url: 'https://openfaas.github.io/faas-netes/' };
/** The labels of the gateway pods and the port of its Service, fixed by the chart. */
const GATEWAY_LABELS = { app: 'gateway' };
const GATEWAY_PORT = 8080;
const INSTALLS = new WeakMap<IConstruct, OpenFaasInstall>();

/**
 * OpenFaaS, secured: the openfaas chart pinned in the app's helmfile with basic auth on, no NodePort or
 * LoadBalancer (the gateway is a ClusterIP Service, published only through an Ingress with TLS), RBAC on and
 * non-root functions; the function namespace is locked down so that only the gateway reaches the functions.
 * The book's install (release in `default`, NodePort 31112, no auth, RBAC off) is what this replaces.
 *
 * Not a `Resource`: it writes a Helm release and SecureNamespace and NetworkPolicy constructs, no object of its own.
 */
export class OpenFaasInstall extends Construct {
  /** The edition. */
  public readonly edition: 'ce' | 'pro';
  /** Namespace of the control plane. */
  public readonly namespace: string;
  /** Namespace of the functions. */
  public readonly functionNamespace: string;
  /** The URL faas-cli uses: the published host, or the port-forwarded gateway. */
  public readonly gatewayUrl: string;
  /** The function namespace, to open more flows (e.g. a function's egress). */
  public readonly functions: SecureNamespace;

  public constructor(scope: Construct, id: string, props: OpenFaasInstallProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.knownProps('', props, PROPS)) {
      v.throwIfInvalid();
    }
    this.edition = props.edition ?? 'ce';
    this.namespace = props.namespace ?? 'openfaas';
    this.functionNamespace = props.functionNamespace ?? 'openfaas-fn';
    const chartVersion = props.chartVersion ?? '14.2.132';
    const ingress = props.ingress;
    v.check(this.edition === 'ce' || this.edition === 'pro', 'edition', this.edition, '"ce" or "pro"');
    v.check(CHART_VERSION.test(chartVersion), 'chartVersion', chartVersion, 'an exact chart version such as "14.2.132" (SemVer 2, no ranges or "latest")');
    v.format('namespace', this.namespace, DNS_LABEL, true);
    v.format('functionNamespace', this.functionNamespace, DNS_LABEL, true);
    v.check(this.namespace !== this.functionNamespace, 'functionNamespace', this.functionNamespace,
      `a namespace other than the control plane's ("${this.namespace}"), so that functions are isolated from it`);
    v.integer('gatewayReplicas', props.gatewayReplicas, 1, 20);
    // The TLS source reports its fields as "tls.*": they are collected apart and reported under "ingress.tls.*".
    const tlsIssues = PropsValidator.of(this);
    if (v.knownProps('ingress', ingress, INGRESS_PROPS) && ingress !== undefined) {
      v.format('ingress.host', ingress.host, INGRESS_HOST, true);
      v.check(ingress.controller instanceof IngressController, 'ingress.controller', ingress.controller,
        'an IngressController, e.g. IngressController.TRAEFIK or IngressController.of({ ... })');
      if (v.check(ingress.tls instanceof IngressTls, 'ingress.tls', ingress.tls,
        'a TLS source (IngressTls.fromSecret, fromCertManager or, for ALBs, fromAcm): the gateway takes passwords, never over plain HTTP')
        && typeof ingress.host === 'string') {
        ingress.tls._validate(tlsIssues, [ingress.host], ingress.controller instanceof IngressController ? ingress.controller : undefined);
      }
    }
    checkSecretSource(v, 'basicAuthSecret', props.basicAuthSecret, 'basic-auth', ['basic-auth-user', 'basic-auth-password'],
      'a Secret named "basic-auth" with the keys basic-auth-user and basic-auth-password (the names the chart reads)');
    checkSecretSource(v, 'licenseSecret', props.licenseSecret, 'openfaas-license', [],
      'a Secret named "openfaas-license" (the name the chart reads)');
    if (this.edition === 'pro') {
      v.check(props.licenseSecret !== undefined, 'licenseSecret', props.licenseSecret,
        'the Secret "openfaas-license" (the Standard/Enterprise editions need a license)');
    }
    v.check(!INSTALLS.has(this.node.root), 'OpenFaasInstall', this.node.path, `one OpenFaaS install per app (there is already ${INSTALLS.get(this.node.root)?.node.path})`);
    if (tlsIssues.issues.length > 0) {
      throw new ValidationError([...v.issues, ...tlsIssues.issues.map((i) => ({ ...i, field: `ingress.${i.field}` }))]);
    }
    v.throwIfInvalid();
    INSTALLS.set(this.node.root, this);
    namespaceOwnedByInstall(this, 'namespace', this.namespace);
    namespaceOwnedByInstall(this, 'functionNamespace', this.functionNamespace);
    this.gatewayUrl = ingress ? `https://${ingress.host}` : `http://127.0.0.1:${GATEWAY_PORT}`;

    reportUnder(this, 'control-plane', (f) => (f === 'name' ? 'namespace' : f), () => new SecureNamespace(this, 'control-plane', {
      name: this.namespace,
      podSecurityLevel: 'baseline',
      weakerPodSecurity: { reason: 'the openfaas chart\'s pods run as non-root with read-only file systems but set no seccomp profile or capability drop' },
      unrestrictedNetwork: { reason: 'OpenFaaS control plane: the gateway, provider, Prometheus, Alertmanager and NATS talk to each other and to the API server' },
    }));
    this.functions = reportUnder(this, 'functions', (f) => (f === 'name' ? 'functionNamespace' : f), () => new SecureNamespace(this, 'functions', {
      name: this.functionNamespace,
      podSecurityLevel: 'baseline',
      weakerPodSecurity: { reason: 'faas-netes creates the function Deployments without seccomp profile or capability drop; they run as non-root (setNonRootUser)' },
    }));
    // The isolation the book lacked: only the gateway calls functions (their watchdog listens on 8080).
    new NetworkPolicy(this.functions, 'ingress-from-gateway', {
      podSelector: {},
      ingress: [{ peers: [NetworkPeer.pods('gateway', GATEWAY_LABELS, this.namespace)], ports: [{ port: GATEWAY_PORT }] }],
    });

    const tlsSecret = ingress?.tls._secretName('gateway');
    reportUnder(this, 'openfaas', (f) => (f === 'version' ? 'chartVersion' : f === 'release' ? 'namespace' : f), () => new PinnedHelmRelease(this, 'openfaas', {
      namespace: this.namespace,
      repository: REPOSITORY,
      chart: 'openfaas',
      version: chartVersion,
      values: {
        functionNamespace: this.functionNamespace,
        basic_auth: true,
        generateBasicAuth: props.basicAuthSecret === undefined,
        rbac: true,
        securityContext: true,
        exposeServices: false,
        serviceType: 'ClusterIP',
        openfaasPro: this.edition === 'pro',
        operator: { create: this.edition === 'pro' },
        faasnetes: { setNonRootUser: true },
        gateway: { replicas: props.gatewayReplicas ?? 1 },
        ingress: ingress ? {
          enabled: true,
          ingressClassName: ingress.controller.className,
          annotations: ingress.tls._annotations(),
          hosts: [{ host: ingress.host, serviceName: 'gateway', servicePort: GATEWAY_PORT, path: '/' }],
          tls: [{ ...(tlsSecret === undefined ? {} : { secretName: tlsSecret }), hosts: ingress.tls._hosts([ingress.host]) }],
        } : { enabled: false },
      },
    }));
  }

  /** Declares a function deployed to this install. */
  public addFunction(id: string, options: OpenFaasFunctionOptions): OpenFaasFunction {
    const v = PropsValidator.of(this);
    if (v.check(isObject(options), 'addFunction(options)', options, 'the function\'s options, e.g. { lang: "python3-http", image: "ghcr.io/acme/hello:0.1.0" }')) {
      v.check(!Object.hasOwn(options, 'install'), 'addFunction(options).install', (options as { install?: unknown }).install,
        'no install: addFunction deploys the function to this install');
    }
    v.throwIfInvalid();
    return new OpenFaasFunction(this, id, { ...options, install: this });
  }
}

/**
 * Checks a Secret the chart reads by a fixed name: an ISecretSource (ExternalSecret, ExistingSecret...) named `name`,
 * whose known keys, if any, include `keys`.
 */
function checkSecretSource(v: PropsValidator, field: string, secret: unknown, name: string, keys: readonly string[], expected: string): void {
  if (secret === undefined) {
    return;
  }
  const source = secret as Partial<ISecretSource> | null;
  if (!v.check(source !== null && typeof source === 'object' && typeof source.secretName === 'string', field, secret,
    `${expected}, given as an ISecretSource such as an ExternalSecret or ExistingSecret.named("${name}")`)) {
    return;
  }
  v.check(source!.secretName === name, field, source!.secretName, expected);
  const known = source!.keys;
  v.check(known === undefined || (Array.isArray(known) && keys.every((k) => known.includes(k))), `${field}.keys`, known, expected);
}

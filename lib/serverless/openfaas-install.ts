import { Construct, IConstruct } from 'constructs';
import { DNS_LABEL, INGRESS_HOST } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
import { PinnedHelmRelease } from '../extension/pinned-helm-release';
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
    super(scope, id);
    this.edition = props.edition ?? 'ce';
    this.namespace = props.namespace ?? 'openfaas';
    this.functionNamespace = props.functionNamespace ?? 'openfaas-fn';
    const chartVersion = props.chartVersion ?? '14.2.132';
    const ingress = props.ingress;
    const v = PropsValidator.of(this);
    v.knownProps('', props, PROPS);
    v.knownProps('ingress', ingress, INGRESS_PROPS);
    v.check(this.edition === 'ce' || this.edition === 'pro', 'edition', this.edition, '"ce" or "pro"');
    v.format('namespace', this.namespace, DNS_LABEL, true);
    v.format('functionNamespace', this.functionNamespace, DNS_LABEL, true);
    v.check(this.namespace !== this.functionNamespace, 'functionNamespace', this.functionNamespace,
      `a namespace other than the control plane's ("${this.namespace}"), so that functions are isolated from it`);
    v.integer('gatewayReplicas', props.gatewayReplicas, 1, 20);
    if (ingress) {
      v.format('ingress.host', ingress.host, INGRESS_HOST, true);
      ingress.tls?._validate(v, [ingress.host]);
      v.check(ingress.tls !== undefined, 'ingress.tls', ingress.tls, 'a TLS source: the gateway takes passwords, never over plain HTTP');
    }
    if (props.basicAuthSecret) {
      v.check(props.basicAuthSecret.secretName === 'basic-auth', 'basicAuthSecret', props.basicAuthSecret.secretName, 'a Secret named "basic-auth" (the name the chart reads)');
      const keys = props.basicAuthSecret.keys;
      v.check(!keys || (keys.includes('basic-auth-user') && keys.includes('basic-auth-password')), 'basicAuthSecret', keys?.join(', '),
        'a Secret with the keys basic-auth-user and basic-auth-password');
    }
    if (this.edition === 'pro') {
      v.check(props.licenseSecret?.secretName === 'openfaas-license', 'licenseSecret', props.licenseSecret?.secretName,
        'the Secret "openfaas-license" (the Standard/Enterprise editions need a license)');
    }
    v.check(!INSTALLS.has(this.node.root), 'OpenFaasInstall', this.node.path, `one OpenFaaS install per app (there is already ${INSTALLS.get(this.node.root)?.node.path})`);
    v.throwIfInvalid();
    INSTALLS.set(this.node.root, this);
    this.gatewayUrl = ingress ? `https://${ingress.host}` : `http://127.0.0.1:${GATEWAY_PORT}`;

    new SecureNamespace(this, 'control-plane', {
      name: this.namespace,
      podSecurityLevel: 'baseline',
      weakerPodSecurity: { reason: 'the openfaas chart\'s pods run as non-root with read-only file systems but set no seccomp profile or capability drop' },
      unrestrictedNetwork: { reason: 'OpenFaaS control plane: the gateway, provider, Prometheus, Alertmanager and NATS talk to each other and to the API server' },
    });
    this.functions = new SecureNamespace(this, 'functions', {
      name: this.functionNamespace,
      podSecurityLevel: 'baseline',
      weakerPodSecurity: { reason: 'faas-netes creates the function Deployments without seccomp profile or capability drop; they run as non-root (setNonRootUser)' },
    });
    // The isolation the book lacked: only the gateway calls functions (their watchdog listens on 8080).
    new NetworkPolicy(this.functions, 'ingress-from-gateway', {
      podSelector: {},
      ingress: [{ peers: [NetworkPeer.pods('gateway', GATEWAY_LABELS, this.namespace)], ports: [{ port: GATEWAY_PORT }] }],
    });

    const tlsSecret = ingress?.tls._secretName('gateway');
    new PinnedHelmRelease(this, 'openfaas', {
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
          tls: [{ secretName: tlsSecret, hosts: ingress.tls._hosts([ingress.host]) }],
        } : { enabled: false },
      },
    });
  }

  /** Declares a function deployed to this install. */
  public addFunction(id: string, options: OpenFaasFunctionOptions): OpenFaasFunction {
    return new OpenFaasFunction(this, id, { ...options, install: this });
  }
}

import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { PinnedHelmRelease, PinnedHelmReleaseProps } from '../../../lib/extension/pinned-helm-release';
import { IstioInstall } from '../../../lib/mesh/istio-install';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { KnativeInstall } from '../../../lib/serverless/knative-install';
import { OpenFaasInstall } from '../../../lib/serverless/openfaas-install';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

const REPO = { name: 'jetstack', url: 'https://charts.jetstack.io' };
const PROPS: PinnedHelmReleaseProps = { namespace: 'cert-manager', repository: REPO, chart: 'cert-manager', version: 'v1.19.1' };
const release = (s: Construct, over: Record<string, unknown> = {}, id = 'cm') => new PinnedHelmRelease(s, id, { ...PROPS, ...over } as PinnedHelmReleaseProps);
const withValues = (values: unknown) => (s: Construct) => release(s, { values });
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const circular: Record<string, unknown> = { enabled: true };
circular.self = circular;
const RELEASE_NAME = 'a Helm release name: 1-53 lowercase letters, digits or "-", starting and ending with a letter or digit';
const VERSION = 'an exact chart version such as "1.28.0" (SemVer 2: MAJOR.MINOR.PATCH without leading zeros, optional "v", -prerelease and +build; no ranges or "latest")';
const URL = 'an https:// URL of a chart repository (e.g. "https://charts.jetstack.io", the folder of its index.yaml) or an oci:// registry path';
const GATEWAY = { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: IngressTls.fromSecret('gateway-tls') };

const good: AppDefinition = {
  name: 'addons',
  description: 'cert-manager and Istio, pinned',
  build: (app) => {
    const stack = new AppStack(app, 'addons');
    const cm = release(stack, { values: { crds: { enabled: true } } }, 'cert-manager');
    release(stack, { release: 'trust-manager', chart: 'trust-manager', version: 'v0.20.2', needs: [cm] }, 'trust');
    new IstioInstall(stack, 'istio');
  },
};

const CASES: BadInput[] = ([
  // Release names: Helm's 53 characters, lowercase RFC 1123 labels.
  { title: 'a release name of 54 characters', build: (s) => release(s, { release: 'a'.repeat(54) }),
    where: `[bad/cm] release: got "${'a'.repeat(54)}"`, expected: RELEASE_NAME },
  { title: 'a construct id that is no release name (the default)', build: (s) => release(s, {}, 'Cert_Manager'),
    where: '[bad/Cert_Manager] release: got "Cert_Manager"', expected: `${RELEASE_NAME} (Helm keeps 10 of the 63 characters of a Kubernetes name for what charts append); it defaults to the construct id` },
  { title: 'a release name with a dot', build: (s) => release(s, { release: 'cert.manager' }), where: '[bad/cm] release: got "cert.manager"', expected: RELEASE_NAME },
  { title: 'a release name that is a number', build: (s) => release(s, { release: 42 }), where: '[bad/cm] release: got 42', expected: RELEASE_NAME },
  // Chart versions: SemVer 2, exact.
  { title: 'a version range', build: (s) => release(s, { version: '^1.2' }), where: '[bad/cm] version: got "^1.2"', expected: VERSION },
  { title: 'version "latest"', build: (s) => release(s, { version: 'latest' }), where: '[bad/cm] version: got "latest"', expected: VERSION },
  { title: 'an empty version', build: (s) => release(s, { version: '' }), where: '[bad/cm] version: got ""', expected: VERSION },
  { title: 'a version with a leading zero', build: (s) => release(s, { version: '1.02.0' }), where: '[bad/cm] version: got "1.02.0"', expected: VERSION },
  { title: 'a version of two parts', build: (s) => release(s, { version: '1.19' }), where: '[bad/cm] version: got "1.19"', expected: VERSION },
  { title: 'a version as a number', build: (s) => release(s, { version: 1.19 }), where: '[bad/cm] version: got 1.19', expected: VERSION },
  // Charts and repositories.
  { title: 'a chart name with the repository in it', build: (s) => release(s, { chart: 'jetstack/cert-manager' }),
    where: '[bad/cm] chart: got "jetstack/cert-manager"', expected: 'a chart name such as "istiod": 1-128 lowercase letters and digits, with single "-", "_" or "." between them' },
  { title: 'an empty chart name', build: (s) => release(s, { chart: '' }), where: '[bad/cm] chart: got ""', expected: 'a chart name such as "istiod"' },
  { title: 'a plain-HTTP repository', build: (s) => release(s, { repository: { name: 'jetstack', url: 'http://charts.jetstack.io' } }),
    where: '[bad/cm] repository.url: got "http://charts.jetstack.io"', expected: URL },
  { title: 'credentials in the repository URL', build: (s) => release(s, { repository: { name: 'jetstack', url: 'https://user:secret@charts.jetstack.io' } }),
    where: '[bad/cm] repository.url: got "https://user:secret@charts.jetstack.io"', expected: URL },
  { title: 'an OCI path with capitals', build: (s) => release(s, { repository: { name: 'acme', url: 'oci://ghcr.io/Acme/charts' } }),
    where: '[bad/cm] repository.url: got "oci://ghcr.io/Acme/charts"', expected: URL },
  { title: 'the URL of the index rather than of the repository', build: (s) => release(s, { repository: { name: 'jetstack', url: 'https://charts.jetstack.io/index.yaml' } }),
    where: '[bad/cm] repository.url: got "https://charts.jetstack.io/index.yaml"', expected: URL },
  { title: 'an OCI-only registry over https://', build: (s) => release(s, { repository: { name: 'acme', url: 'https://ghcr.io/acme/charts' } }),
    where: '[bad/cm] repository.url: got "https://ghcr.io/acme/charts"', expected: URL },
  { title: 'a repository name with a space', build: (s) => release(s, { repository: { name: 'jet stack', url: REPO.url } }),
    where: '[bad/cm] repository.name: got "jet stack"', expected: 'a repository name such as "jetstack"' },
  { title: 'no repository', build: (s) => release(s, { repository: undefined }), where: '[bad/cm] repository: got undefined', expected: 'the chart repository: { name, url }' },
  { title: 'a repository with "uri" for "url"', build: (s) => release(s, { repository: { name: 'jetstack', uri: REPO.url } }),
    where: '[bad/cm] repository.uri: got "https://charts.jetstack.io"', expected: 'a known prop (did you mean "url"?)' },
  { title: 'one repository name with two URLs', build: (s) => { release(s, {}, 'a'); release(s, { release: 'b', repository: { name: 'jetstack', url: 'oci://quay.io/jetstack/charts' } }, 'b'); },
    where: '[bad/b] repository.url: got "oci://quay.io/jetstack/charts"', expected: 'https://charts.jetstack.io, the URL repository "jetstack" already has' },
  // Namespaces and duplicates.
  { title: 'a namespace with capitals', build: (s) => release(s, { namespace: 'Cert-Manager' }), where: '[bad/cm] namespace: got "Cert-Manager"', expected: 'a DNS-1123 label' },
  { title: 'the same release twice in a namespace', build: (s) => { release(s, { release: 'cm' }, 'a'); release(s, { release: 'cm' }, 'b'); },
    where: '[bad/b] release: got "cm"', expected: 'a release name not yet used in namespace cert-manager' },
  // needs: releases of the same helmfile, each once.
  { title: 'needs naming a release by its name', build: (s) => release(s, { needs: ['cert-manager'] }),
    where: '[bad/cm] needs[0]: got "cert-manager"', expected: 'a PinnedHelmRelease (the construct, not its name)' },
  { title: 'needs naming a release of another app', build: (s) => release(s, { needs: [release(new AppStack(new App(), 'other'), {}, 'crds')] }),
    where: '[bad/cm] needs[0]: got "other/crds"', expected: 'a release of the same app (helmfile refuses "needs" naming a release that is not in its file)' },
  { title: 'needs naming a release twice', build: (s) => { const a = release(s, {}, 'a'); release(s, { release: 'b', needs: [a, a] }, 'b'); },
    where: '[bad/b] needs[1]: got "cert-manager/a"', expected: 'a release that is not already used in needs' },
  { title: 'needs that is not a list', build: (s) => release(s, { needs: 'cert-manager' }),
    where: '[bad/cm] needs: got "cert-manager"', expected: 'a list of the PinnedHelmReleases of this app to install first' },
  // Values JSON and YAML cannot carry, reported at their path.
  { title: 'NaN replicas', build: withValues({ controller: { replicas: NaN } }),
    where: '[bad/cm] values.controller.replicas: got NaN', expected: 'a finite number (JSON and Helm values have no NaN or Infinity)' },
  { title: 'an Infinity timeout', build: withValues({ webhook: { timeoutSeconds: Infinity } }),
    where: '[bad/cm] values.webhook.timeoutSeconds: got Infinity', expected: 'a finite number' },
  { title: 'a BigInt', build: withValues({ limit: 10n }), where: '[bad/cm] values.limit: got 10n', expected: 'a number or a string (JSON has no BigInt: write 10 or "10")' },
  { title: 'a function', build: withValues({ hook: function render() { return 1; } }),
    where: '[bad/cm] values.hook: got a function (render)', expected: 'data (a string, number, boolean, null, list or map), not a function or symbol' },
  { title: 'a circular object', build: withValues({ crds: circular }),
    where: '[bad/cm] values.crds.self: got {"enabled":true,"self":[circular]}', expected: 'data without cycles' },
  { title: 'undefined inside a list', build: withValues({ extraArgs: ['--v=2', undefined] }),
    where: '[bad/cm] values.extraArgs[1]: got undefined', expected: 'a value (a list item cannot be undefined; use null, or leave the item out)' },
  { title: 'a Date', build: withValues({ since: new Date(0) }), where: '[bad/cm] values.since: got "a Date"', expected: 'plain data (a list or a map of JSON values)' },
  { title: 'a "__proto__" key', build: withValues(JSON.parse('{"podLabels": {"__proto__": {"admin": true}}}')),
    where: '[bad/cm] values.podLabels.__proto__: got "__proto__"', expected: 'a key other than "__proto__"' },
  { title: 'a key that needs quoting', build: withValues({ podAnnotations: { 'prometheus.io/scrape': NaN } }),
    where: '[bad/cm] values.podAnnotations["prometheus.io/scrape"]: got NaN', expected: 'a finite number' },
  { title: 'values that are a list', build: withValues(['crds.enabled=true']), where: '[bad/cm] values: got ["crds.enabled=true"]', expected: 'a map of chart values' },
  { title: 'values over 1 MiB', build: withValues({ blob: 'x'.repeat(1024 * 1024) }), where: '[bad/cm] values: got "1048587 bytes of values"',
    expected: 'at most 1048576 bytes (1 MiB): Helm stores each release with its values in a Secret' },
  // Props.
  { title: '"valuesFile", a prop PinnedHelmRelease does not have', build: (s) => release(s, { valuesFile: 'values.yaml' }),
    where: '[bad/cm] valuesFile: got "values.yaml"', expected: 'a known prop; the props are chart, namespace, needs, release, repository, values, version' },
  { title: 'null props', build: (s) => new PinnedHelmRelease(s, 'cm', null as any), where: '[bad/cm] props: got null', expected: 'an object of props' },
  // The installs report their releases' problems under the prop the user wrote.
  { title: 'an IstioInstall whose release another release already has', build: (s) => { release(s, { release: 'istiod', namespace: 'istio-system' }, 'mine'); new IstioInstall(s, 'istio'); },
    where: '[bad/istio] namespace: got "istiod"', expected: 'a release name not yet used in namespace istio-system' },
  { title: 'an IstioInstall in a namespace with a space', build: (s) => new IstioInstall(s, 'istio', { gatewayNamespace: 'istio ingress' }),
    where: '[bad/istio] gatewayNamespace: got "istio ingress"', expected: 'a DNS-1123 label' },
  { title: 'an Istio version with a leading zero', build: (s) => new IstioInstall(s, 'istio', { version: '1.028.0' }),
    where: '[bad/istio] version: got "1.028.0"', expected: 'an exact Istio 1.x.y version such as "1.28.0"' },
  { title: 'two IstioInstalls in one app', build: (s) => { new IstioInstall(s, 'istio'); new IstioInstall(s, 'again', { namespace: 'istio-2', gatewayNamespace: 'istio-2-ingress' }); },
    where: '[bad/again] IstioInstall: got "bad/again"', expected: 'one Istio install per app (there is already bad/istio' },
  { title: 'IstioInstall replicas as a string', build: (s) => new IstioInstall(s, 'istio', { replicas: '3' as any }),
    where: '[bad/istio] replicas: got "3"', expected: 'an integer from 1 to 10' },
  { title: 'a KnativeInstall ingress named like an Object method', build: (s) => new KnativeInstall(s, 'knative', { ingress: 'constructor' as any }),
    where: '[bad/knative] ingress: got "constructor"', expected: '"kourier", "istio" or "contour"' },
  { title: 'a wildcard Knative domain', build: (s) => new KnativeInstall(s, 'knative', { domain: '*.example.com' }),
    where: '[bad/knative] domain: got "*.example.com"', expected: 'a DNS domain such as "apps.example.com" (lowercase, not a wildcard, not an IP address)' },
  { title: 'Knative serving "yes"', build: (s) => new KnativeInstall(s, 'knative', { serving: 'yes' as any }), where: '[bad/knative] serving: got "yes"', expected: 'true or false' },
  { title: 'a KnativeInstall beside a namespace "knative-serving" of its own', build: (s) => { new SecureNamespace(s, 'knative-serving'); new KnativeInstall(s, 'knative'); },
    where: '[bad/knative] serving: got "knative-serving"', expected: 'a namespace no other construct of the app defines (bad/knative-serving/Resource does)' },
  { title: 'an OpenFaaS function namespace that another construct defines', build: (s) => { new OpenFaasInstall(s, 'openfaas', { functionNamespace: 'fn' }); new SecureNamespace(s, 'fn'); },
    where: '[bad/openfaas] functionNamespace: got "fn"', expected: 'a namespace no other construct of the app defines (bad/fn/Resource does)' },
  { title: 'an OpenFaaS chart version range', build: (s) => new OpenFaasInstall(s, 'openfaas', { chartVersion: '14.x' }),
    where: '[bad/openfaas] chartVersion: got "14.x"', expected: 'an exact chart version such as "14.2.132"' },
  { title: 'an OpenFaaS gateway TLS that is a Secret name', build: (s) => new OpenFaasInstall(s, 'openfaas', { ingress: { ...GATEWAY, tls: 'gateway-tls' as any } }),
    where: '[bad/openfaas] ingress.tls: got "gateway-tls"', expected: 'a TLS source (IngressTls.fromSecret, fromCertManager or, for ALBs, fromAcm)' },
  { title: 'an OpenFaaS gateway TLS Secret with capitals', build: (s) => new OpenFaasInstall(s, 'openfaas', { ingress: { ...GATEWAY, tls: IngressTls.fromSecret('Gateway') } }),
    where: '[bad/openfaas] ingress.tls.secretName: got "Gateway"', expected: 'an object name' },
  { title: 'an OpenFaaS basic-auth Secret whose keys are a string', build: (s) => new OpenFaasInstall(s, 'openfaas', { basicAuthSecret: { secretName: 'basic-auth', keys: 'basic-auth-user' as any } }),
    where: '[bad/openfaas] basicAuthSecret.keys: got "basic-auth-user"', expected: 'a Secret named "basic-auth" with the keys basic-auth-user and basic-auth-password' },
  { title: 'an OpenFaaS license Secret with another name', build: (s) => new OpenFaasInstall(s, 'openfaas', { edition: 'pro', licenseSecret: ExistingSecret.named('license') }),
    where: '[bad/openfaas] licenseSecret: got "license"', expected: 'a Secret named "openfaas-license"' },
  { title: 'addFunction without options', build: (s) => new OpenFaasInstall(s, 'openfaas').addFunction('hello', null as any),
    where: '[bad/openfaas] addFunction(options): got null', expected: 'the function\'s options' },
  { title: 'addFunction with an install of its own', build: (s) => new OpenFaasInstall(s, 'openfaas').addFunction('hello', { lang: 'go', image: 'ghcr.io/a/b:1.0.0', install: 'x' } as any),
    where: '[bad/openfaas] addFunction(options).install: got "x"', expected: 'no install: addFunction deploys the function to this install' },
  { title: 'an OpenFaasInstall with "replicas" for "gatewayReplicas"', build: (s) => new OpenFaasInstall(s, 'openfaas', withUnknownProps({}, { replicas: 2 })),
    where: '[bad/openfaas] replicas: got 2', expected: 'a known prop' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('bad Helm release and install input is rejected at synth time with a clear error and no output', good, CASES);

import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { SecureNamespace } from '../../../lib';
import { AppStack } from '../../../lib/core/app-stack';
import { CustomResource } from '../../../lib/extension/custom-resource';
import { ImportedCrd } from '../../../lib/extension/imported-crd';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';
import { certificateCrd, certificateSpec, clusterIssuerCrd, widgetCrd, widgetSpec } from './custom-resource-fixtures';

const CERTIFICATES = ImportedCrd.fromObject(certificateCrd(), { source: 'crds/cert-manager.io_certificates.yaml' });
const ISSUERS = ImportedCrd.fromObject(clusterIssuerCrd());
const WIDGETS = ImportedCrd.fromObject(widgetCrd());

const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
/** A Certificate in namespace "shop" with `over` merged into its props. */
const cert = (over: Record<string, unknown>) => inStack((s) => new CustomResource(s, 'cert', { type: CERTIFICATES, namespace: 'shop', spec: certificateSpec(), ...over } as any));
/** A Certificate whose spec has `spec` merged in. */
const certSpec = (spec: Record<string, unknown>) => cert({ spec: { ...certificateSpec(), ...spec } });
/** A Widget whose spec has `spec` merged in. */
const widget = (spec: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  inStack((s) => new CustomResource(s, 'w', { type: WIDGETS, namespace: 'shop', spec: { ...widgetSpec(), ...spec }, ...over } as any));
const SCHEMA = '(schema of Certificate v1 from crds/cert-manager.io_certificates.yaml)';

const good: AppDefinition = {
  name: 'certificates',
  description: 'a Certificate of cert-manager, imported CRD',
  build: (app) => {
    const shop = new SecureNamespace(new AppStack(app, 'certificates'), 'shop');
    new CustomResource(shop, 'shop-tls', { type: CERTIFICATES, spec: certificateSpec() });
  },
};

const cyclic: any = { ...certificateSpec() };
cyclic.secretTemplate = { labels: {} };
cyclic.secretTemplate.labels.self = cyclic.secretTemplate;

const CASES: BadInput[] = [
  // Against the CRD's schema.
  { title: 'an unknown field (a typo)', build: certSpec({ dnsName: ['a.example.com'] }), where: '[bad/cert] spec.dnsName: got ["a.example.com"]',
    expected: 'no field "dnsName" here (did you mean "dnsNames"?): the fields of spec are commonName, dnsNames, duration, isCA, issuerRef' },
  { title: 'an unknown nested field', build: certSpec({ issuerRef: { name: 'le', namespace: 'x' } }), where: '[bad/cert] spec.issuerRef.namespace: got "x"',
    expected: 'no field "namespace" here: the fields of spec.issuerRef are group, kind, name' },
  { title: 'a mistyped field', build: certSpec({ isCA: 'yes' }), where: '[bad/cert] spec.isCA: got "yes"', expected: `type boolean ${SCHEMA}` },
  { title: 'a number as a string', build: certSpec({ privateKey: { size: '256' } }), where: '[bad/cert] spec.privateKey.size: got "256"', expected: 'type integer' },
  { title: 'a list as a string', build: certSpec({ dnsNames: 'shop.example.com' }), where: '[bad/cert] spec.dnsNames: got "shop.example.com"', expected: 'type array' },
  { title: 'a missing required field', build: certSpec({ secretName: undefined }), where: '[bad/cert] spec.secretName: got undefined',
    expected: 'a value: the schema requires "secretName" in spec' },
  { title: 'a missing required nested field', build: certSpec({ issuerRef: { kind: 'ClusterIssuer' } }), where: '[bad/cert] spec.issuerRef.name: got undefined',
    expected: 'a value: the schema requires "name" in spec.issuerRef' },
  { title: 'an enum violation', build: certSpec({ privateKey: { algorithm: 'DSA' } }), where: '[bad/cert] spec.privateKey.algorithm: got "DSA"',
    expected: 'one of "RSA", "ECDSA", "Ed25519"' },
  { title: 'an enum violation in a list', build: certSpec({ usages: ['server auth', 'server-auth'] }), where: '[bad/cert] spec.usages[1]: got "server-auth"',
    expected: 'one of "digital signature", "key encipherment", "server auth", "client auth"' },
  { title: 'a pattern violation', build: widget({ delay: '5 minutes' }), where: '[bad/w] spec.delay: got "5 minutes"', expected: 'a string matching the pattern ^[0-9]+(s|m|h)$' },
  { title: 'a value over the maximum', build: widget({ size: 11 }), where: '[bad/w] spec.size: got 11', expected: 'a number <= 10' },
  { title: 'an int32 that overflows', build: widget({ ports: [{ name: 'http', port: 2 ** 32 }] }), where: '[bad/w] spec.ports[0].port: got 4294967296', expected: 'a value of format "int32"' },
  { title: 'a duplicate in a set', build: widget({ tags: ['a', 'a'] }), where: '[bad/w] spec.tags: got ["a","a"]', expected: 'a list that holds each value once' },
  { title: 'a spec that is no object', build: cert({ spec: 'secretName: x' }), where: '[bad/cert] spec: got "secretName: x"', expected: 'type object' },
  { title: 'a name longer than the CRD allows', build: widget({}, { name: 'w'.repeat(21) }), where: `[bad/w] metadata.name: got "${'w'.repeat(21)}"`,
    expected: 'a string of at most 20 characters' },
  // Values JSON cannot write.
  { title: 'a BigInt in the spec', build: certSpec({ privateKey: { size: 256n } }), where: '[bad/cert] spec.privateKey.size: got 256n', expected: 'a JSON value' },
  { title: 'NaN in free-form settings', build: widget({ settings: { ratio: NaN } }), where: '[bad/w] spec.settings.ratio: got NaN', expected: 'a finite number' },
  { title: 'a class instance in the spec', build: certSpec({ duration: new Date(0) }), where: '[bad/cert] spec.duration: got "1970-01-01T00:00:00.000Z"',
    expected: 'a plain object or list' },
  { title: 'a spec that contains itself', build: cert({ spec: cyclic }), where: '[bad/cert] spec.secretTemplate.labels.self: got {"labels":{"self":[circular]}}',
    expected: 'a value that does not contain itself' },
  // The props.
  { title: 'a namespace on a cluster-scoped kind', build: inStack((s) => new CustomResource(s, 'ca', { type: ISSUERS, namespace: 'shop', spec: { selfSigned: {} } })),
    where: '[bad/ca] namespace: got "shop"', expected: 'no namespace: ClusterIssuer is cluster-scoped (scope: Cluster)' },
  { title: 'no namespace for a namespaced kind', build: inStack((s) => new CustomResource(s, 'cert', { type: CERTIFICATES, spec: certificateSpec() })),
    where: '[bad/cert] namespace: got undefined', expected: 'a namespace: set `namespace` or define the construct inside a SecureNamespace' },
  { title: 'a version that is not served', build: widget({}, { version: 'v1alpha1' }), where: '[bad/w] version: got "v1alpha1"',
    expected: 'a version of Widget that the API server serves: v1beta1, v1' },
  { title: 'a version that does not exist', build: cert({ version: 'v2' }), where: '[bad/cert] version: got "v2"', expected: 'a version of Certificate that the API server serves: v1' },
  { title: 'a status', build: cert({ status: { revision: 1 } }), where: '[bad/cert] status: got {"revision":1}', expected: 'no status: the controller writes it' },
  { title: 'a bad name', build: cert({ name: 'Shop_TLS' }), where: '[bad/cert] name: got "Shop_TLS"', expected: 'a DNS subdomain' },
  { title: 'a type that is no CRD', build: cert({ type: { kind: 'Certificate' } }), where: '[bad/cert] type: got {"kind":"Certificate"}', expected: 'a custom resource kind' },
  { title: 'an unknown prop', build: cert({ specs: {} }), where: '[bad/cert] specs: got {}', expected: 'a known prop (did you mean "spec"?)' },
  { title: 'an annotation value that is no string', build: cert({ annotations: { 'example.com/n': 1 } }), where: '[bad/cert] annotations["example.com/n"]: got 1', expected: 'a string' },
  { title: 'a bad label value', build: cert({ labels: { tier: 'edge tier' } }), where: '[bad/cert] labels["tier"]: got "edge tier"', expected: 'a label value' },
];

describeBadInputs('CustomResource bad inputs', good, CASES);

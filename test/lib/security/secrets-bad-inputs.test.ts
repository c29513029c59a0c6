import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { AwsSecretsManagerStore, AwsSecretsManagerStoreProps } from '../../../lib/security/aws-secret-store';
import { ExternalSecret, ExternalSecretProps } from '../../../lib/security/external-secret';
import { PrivateCertificateAuthority } from '../../../lib/security/private-ca';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { TlsCertificate, TlsCertificateProps } from '../../../lib/security/tls-certificate';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

// Secrets, secret stores and certificates: what the External Secrets operator, cert-manager or the API server would
// refuse (or silently get wrong) is refused at construction, naming the prop the user wrote.

const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const ns = (s: Construct) => new SecureNamespace(s, 'shop');
const DATA = { user: { key: 'shop/db', property: 'user' }, password: { key: 'shop/db', property: 'password' } };
const secret = (s: Construct, props: Partial<ExternalSecretProps>) => new ExternalSecret(ns(s), 'db', { data: DATA, ...props });
const store = (s: Construct, props: Partial<AwsSecretsManagerStoreProps>) => new AwsSecretsManagerStore(s, 'store', { region: 'eu-central-1', namespaces: ['shop'], ...props });
const cert = (s: Construct, props: Partial<TlsCertificateProps>) =>
  new TlsCertificate(ns(s), 'cert', { issuer: { name: 'letsencrypt', kind: 'ClusterIssuer' }, dnsNames: ['shop.example.com'], ...props });
const FETCHED = 'a reference to a fetched value: {{ .user }}, {{ .password }}';

const CASES: BadInput[] = ([
  // ExternalSecret templates reference only the values fetched into `data`, by own property: not Object.prototype's.
  { title: 'a template that references {{ .constructor }}', build: (s) => secret(s, { template: { DSN: '{{ .constructor }}:{{ .password }}' } }),
    where: '[bad/shop/db] template.DSN: got "{{ .constructor }}"', expected: FETCHED },
  { title: 'a template that references {{ .__proto__ }}', build: (s) => secret(s, { template: { DSN: '{{ .user }}:{{ .__proto__ }}' } }),
    where: '[bad/shop/db] template.DSN: got "{{ .__proto__ }}"', expected: FETCHED },
  { title: 'a template that references {{ .toString }}', build: (s) => secret(s, { template: { DSN: '{{.toString}}' } }),
    where: '[bad/shop/db] template.DSN: got "{{.toString}}"', expected: FETCHED },
  { title: 'a template that references a missing key with index', build: (s) => secret(s, { template: { DSN: '{{ index . "db-password" }}' } }),
    where: '[bad/shop/db] template.DSN: got "{{ index . \\"db-password\\" }}"', expected: FETCHED },
  { title: 'a template value that is not a string', build: (s) => secret(s, { template: { PORT: 5432 as any } }),
    where: '[bad/shop/db] template.PORT: got 5432', expected: 'the template text of the key, a string' },
  { title: 'a template given as a list', build: (s) => secret(s, { template: ['{{ .user }}'] as any }),
    where: '[bad/shop/db] template: got ["{{ .user }}"]', expected: 'an object of at least one key and its template text, or no template' },
  // Remote references of the wrong type.
  { title: 'a remote key that is a number', build: (s) => secret(s, { data: { token: { key: 42 as any } } }),
    where: '[bad/shop/db] data.token.key: got 42', expected: 'the name or ARN of the secret in the manager (1-2048 characters on one line)' },
  { title: 'a remote property that is an object', build: (s) => secret(s, { data: { token: { key: 'shop/api', property: { name: 'token' } as any } } }),
    where: '[bad/shop/db] data.token.property: got {"name":"token"}', expected: 'a key inside the JSON secret' },
  { title: 'a remote value given as a string', build: (s) => secret(s, { data: { token: 'shop/api' as any } }),
    where: '[bad/shop/db] data.token: got "shop/api"', expected: 'an object of props' },
  { title: 'data given as a list', build: (s) => secret(s, { data: [{ key: 'shop/api' }] as any }),
    where: '[bad/shop/db] data: got [{"key":"shop/api"}]', expected: 'an object of at least one value to fetch, by Secret key' },
  { title: 'a secret key that is not a Secret key', build: (s) => secret(s, { data: { 'db password': { key: 'shop/db' } } }),
    where: '[bad/shop/db] data key: got "db password"', expected: 'a Secret or ConfigMap key of 1-253 letters, digits, "-", "_" or "."' },
  { title: 'a store that is null', build: (s) => secret(s, { store: null as any }),
    where: '[bad/shop/db] store: got null', expected: 'an object of props' },
  { title: 'an ExternalSecret without props', build: (s) => new ExternalSecret(ns(s), 'db', undefined as any),
    where: '[bad/shop/db] props: got undefined', expected: 'an object of props' },
  // ExistingSecret.named validates its arguments when it is called.
  { title: 'ExistingSecret.named with a bad name', build: () => ExistingSecret.named('DB Credentials'),
    where: '[<app>] ExistingSecret.named(name): got "DB Credentials"', expected: 'a DNS subdomain' },
  { title: 'ExistingSecret.named with keys given as one string', build: () => ExistingSecret.named('db', { keys: 'password' as any }),
    where: '[<app>] ExistingSecret.named(options).keys: got "password"', expected: 'a list of the keys the Secret holds' },
  // AWS Secrets Manager store.
  { title: 'a region that is a number', build: (s) => store(s, { region: 1 as any }),
    where: '[bad/store] region: got 1', expected: 'an AWS region code such as "us-west-2" or "eu-central-1"' },
  { title: 'a region without its number', build: (s) => store(s, { region: 'eu-central' }),
    where: '[bad/store] region: got "eu-central"', expected: 'an AWS region code' },
  { title: 'namespaces given as one string', build: (s) => store(s, { namespaces: 'shop' as any }),
    where: '[bad/store] namespaces: got "shop"', expected: 'a list of DNS-1123 label' },
  { title: 'the same namespace twice', build: (s) => store(s, { namespaces: ['shop', 'shop'] }),
    where: '[bad/store] namespaces[1]: got "shop"', expected: 'a namespace that is not already used in namespaces' },
  { title: 'namespace labels with a bad key', build: (s) => store(s, { namespaces: undefined, namespaceLabels: { 'cost center': 'a' } }),
    where: '[bad/store] namespaceLabels key: got "cost center"', expected: 'a label key' },
  // cert-manager Certificates.
  { title: 'renewBefore as long as the certificate is valid', build: (s) => cert(s, { duration: '720h', renewBefore: '720h' }),
    where: '[bad/shop/cert] renewBefore: got "720h"', expected: 'less than the duration (720h): cert-manager refuses a certificate that would be renewed as soon as it is issued' },
  { title: 'renewBefore under cert-manager\'s minimum', build: (s) => cert(s, { renewBefore: '1m' }),
    where: '[bad/shop/cert] renewBefore: got "1m"', expected: 'a duration such as "360h", "1h30m" or "30m" of at least "5m"' },
  { title: 'renewBefore in days', build: (s) => cert(s, { renewBefore: '15d' }),
    where: '[bad/shop/cert] renewBefore: got "15d"', expected: 'a duration such as "360h", "1h30m" or "30m"' },
  { title: 'DNS names given as one string', build: (s) => cert(s, { dnsNames: 'shop.example.com' as any }),
    where: '[bad/shop/cert] dnsNames: got "shop.example.com"', expected: 'a list of DNS host name' },
  { title: 'a DNS name in upper case', build: (s) => cert(s, { dnsNames: ['Shop.example.com'] }),
    where: '[bad/shop/cert] dnsNames[0]: got "Shop.example.com"', expected: 'a DNS host name such as "counter.com"' },
  { title: 'the same DNS name twice', build: (s) => cert(s, { dnsNames: ['shop.example.com', 'shop.example.com'] }),
    where: '[bad/shop/cert] dnsNames[1]: got "shop.example.com"', expected: 'a DNS name that is not already used in dnsNames' },
  { title: 'a common name over 64 characters', build: (s) => cert(s, { commonName: `${'a'.repeat(60)}.example.com` }),
    where: `[bad/shop/cert] commonName: got "${'a'.repeat(60)}.example.com"`, expected: 'a common name (1-64 characters on one line)' },
  { title: 'an issuer that is a string', build: (s) => cert(s, { issuer: 'letsencrypt' as any }),
    where: '[bad/shop/cert] issuer: got "letsencrypt"', expected: 'an object of props' },
  { title: 'an issuer kind cert-manager does not have', build: (s) => cert(s, { issuer: { name: 'ca', kind: 'CertificateIssuer' as any } }),
    where: '[bad/shop/cert] issuer.kind: got "CertificateIssuer"', expected: '"Issuer" or "ClusterIssuer"' },
  { title: 'isCA given as a string', build: (s) => cert(s, { isCA: 'false' as any }),
    where: '[bad/shop/cert] isCA: got "false"', expected: 'true or false' },
  // A private CA and the certificates it issues.
  { title: 'a CA common name that is a number', build: (s) => new PrivateCertificateAuthority(ns(s), 'ca', { commonName: 42 as any }),
    where: '[bad/shop/ca] commonName: got 42', expected: 'a common name such as "example.com" (1-64 characters on one line)' },
  { title: 'a certificate a CA issues that is a CA itself', build: (s) => new PrivateCertificateAuthority(ns(s), 'ca', { commonName: 'shop CA' })
    .issueCertificate('db', { dnsNames: ['db.shop.svc'], isCA: true } as any),
  where: '[bad/shop/ca] issueCertificate(props).isCA: got true', expected: 'no isCA: a certificate this CA issues is signed by it, in its namespace, and is not a CA itself' },
  { title: 'issueCertificate without props', build: (s) => new PrivateCertificateAuthority(ns(s), 'ca', { commonName: 'shop CA' }).issueCertificate('db', undefined as any),
    where: '[bad/shop/ca] issueCertificate(props): got undefined', expected: 'an object of certificate props' },
  { title: 'a certificate the CA issues with renewBefore past its duration', build: (s) => new PrivateCertificateAuthority(ns(s), 'ca', { commonName: 'shop CA' })
    .issueCertificate('db', { dnsNames: ['db.shop.svc'], duration: '24h', renewBefore: '25h' }),
  where: '[bad/shop/ca/db] renewBefore: got "25h"', expected: 'less than the duration (24h)' },
] as Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

const good: AppDefinition = {
  name: 'good',
  description: 'a valid app synthesized before each bad one',
  build: (app) => new ExternalSecret(new SecureNamespace(new AppStack(app, 'good'), 'shop'), 'db', { data: DATA }),
};

describeBadInputs('bad secret and certificate input is rejected at synth time with a clear error and no output', good, CASES);

// The CRDs of the custom resource tests: cert-manager's Certificate and ClusterIssuer as a vendor ships them
// (apiextensions.k8s.io/v1, trimmed to the fields the tests use, descriptions shortened), and a Widget CRD that has
// every schema feature the validator translates.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { tempDir } from '../../helpers/tmp';

export const CERTIFICATE_CRD_YAML = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: certificates.cert-manager.io
  labels:
    app: cert-manager
    app.kubernetes.io/name: cert-manager
    app.kubernetes.io/version: v1.16.2
spec:
  group: cert-manager.io
  names:
    kind: Certificate
    listKind: CertificateList
    plural: certificates
    shortNames:
      - cert
      - certs
    singular: certificate
    categories:
      - cert-manager
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
      additionalPrinterColumns:
        - jsonPath: .spec.secretName
          name: Secret
          type: string
        - jsonPath: .metadata.creationTimestamp
          name: Age
          type: date
      schema:
        openAPIV3Schema:
          description: A Certificate resource should be created to ensure an up to date and signed X.509 certificate is stored in the Kubernetes Secret resource named in spec.secretName.
          type: object
          properties:
            apiVersion:
              type: string
            kind:
              type: string
            metadata:
              type: object
            spec:
              type: object
              required:
                - issuerRef
                - secretName
              properties:
                commonName:
                  type: string
                dnsNames:
                  type: array
                  items:
                    type: string
                  x-kubernetes-list-type: atomic
                duration:
                  description: Requested 'duration' (i.e. lifetime) of the Certificate. Value must be in units accepted by Go time.ParseDuration.
                  type: string
                renewBefore:
                  type: string
                isCA:
                  type: boolean
                issuerRef:
                  type: object
                  required:
                    - name
                  properties:
                    group:
                      type: string
                    kind:
                      type: string
                    name:
                      type: string
                privateKey:
                  type: object
                  properties:
                    algorithm:
                      type: string
                      enum:
                        - RSA
                        - ECDSA
                        - Ed25519
                    encoding:
                      type: string
                      enum:
                        - PKCS1
                        - PKCS8
                    rotationPolicy:
                      type: string
                      enum:
                        - Never
                        - Always
                    size:
                      type: integer
                revisionHistoryLimit:
                  type: integer
                  format: int32
                secretName:
                  type: string
                secretTemplate:
                  type: object
                  properties:
                    annotations:
                      type: object
                      additionalProperties:
                        type: string
                    labels:
                      type: object
                      additionalProperties:
                        type: string
                usages:
                  type: array
                  items:
                    type: string
                    enum:
                      - digital signature
                      - key encipherment
                      - server auth
                      - client auth
                  x-kubernetes-list-type: atomic
            status:
              type: object
              properties:
                notAfter:
                  type: string
                  format: date-time
                revision:
                  type: integer
`;

export const CLUSTER_ISSUER_CRD_YAML = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: clusterissuers.cert-manager.io
spec:
  group: cert-manager.io
  names:
    kind: ClusterIssuer
    listKind: ClusterIssuerList
    plural: clusterissuers
    singular: clusterissuer
  scope: Cluster
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          required:
            - spec
          properties:
            apiVersion:
              type: string
            kind:
              type: string
            metadata:
              type: object
            spec:
              type: object
              properties:
                ca:
                  type: object
                  required:
                    - secretName
                  properties:
                    secretName:
                      type: string
                selfSigned:
                  type: object
                  properties:
                    crlDistributionPoints:
                      type: array
                      items:
                        type: string
                      x-kubernetes-list-type: atomic
`;

/** cert-manager's CRDs as the vendor's release asset ships them: several documents in one file. */
export const CERT_MANAGER_CRDS_YAML = `# cert-manager CRDs (trimmed)\n---\n${CLUSTER_ISSUER_CRD_YAML}---\n${CERTIFICATE_CRD_YAML}`;

export const certificateCrd = (): any => load(CERTIFICATE_CRD_YAML);
export const clusterIssuerCrd = (): any => load(CLUSTER_ISSUER_CRD_YAML);

/** Writes `text` to `name` in a fresh temporary folder; returns the file's path. */
export function writeTemp(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

/** A valid Certificate spec. */
export const certificateSpec = (): any => ({
  secretName: 'shop-tls',
  issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' },
  dnsNames: ['shop.example.com', 'www.shop.example.com'],
  duration: '2160h',
  renewBefore: '360h',
  privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
  usages: ['digital signature', 'key encipherment', 'server auth'],
});

/** A CRD (group widgets.example.com) whose v1 schema has every feature the validator translates. */
export const widgetCrd = (over: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): any => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.widgets.example.com' },
  spec: {
    group: 'widgets.example.com',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    scope: 'Namespaced',
    versions: [
      { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      { name: 'v1beta1', served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } },
      {
        name: 'v1', served: true, storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } },
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10 },
                  color: { type: 'string', enum: ['red', 'green'], nullable: true },
                  delay: { type: 'string', pattern: '^[0-9]+(s|m|h)$' },
                  host: { type: 'string', format: 'hostname' },
                  since: { type: 'string', format: 'date-time' },
                  port: { 'x-kubernetes-int-or-string': true },
                  mode: { type: 'string', default: 'fast', enum: ['fast', 'safe'] },
                  tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', maxItems: 3 },
                  ports: {
                    type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
                    items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer', format: 'int32' } } },
                  },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  settings: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
                  ...spec,
                },
              },
            },
          },
        },
      },
    ],
    ...over,
  },
});

/** A valid Widget spec that uses every feature. */
export const widgetSpec = (): any => ({
  size: 3,
  color: 'red',
  delay: '90s',
  host: 'widgets.example.com',
  since: '2025-01-31T12:00:00Z',
  port: 'http',
  tags: ['a', 'b'],
  ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }],
  labels: { team: 'a' },
  settings: { anything: { goes: [1, 'two'] } },
  template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } },
});

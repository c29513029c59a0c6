import { CustomResource } from '../../../lib/extension/custom-resource';
import { ImportedCrd } from '../../../lib/extension/imported-crd';
import { JavaScriptValueTarget } from '../../helpers/javascript-values';
import { CERT_MANAGER_CRDS_YAML, certificateCrd, certificateSpec, clusterIssuerCrd, widgetCrd, writeTemp } from './custom-resource-fixtures';

// CustomResource and ImportedCrd: whatever a JavaScript caller passes (props, spec values, a CRD object, options),
// the answer is a ValidationError or output that the strict schemas accept (cert-manager's kinds have schemas in
// ../shared/schemas, so the custom resources here are checked by cert-manager's own schema as well).

const CERTIFICATES = ImportedCrd.fromObject(certificateCrd());
const ISSUERS = ImportedCrd.fromObject(clusterIssuerCrd());
const CRD_FILE = writeTemp('cert-manager.crds.yaml', CERT_MANAGER_CRDS_YAML);

/** The paths of a CRD object fed with values: the names, the version flags and the nodes of the spec schema (not every description). */
const SCHEMA = 'crd.spec.versions.0.schema.openAPIV3Schema';
const CRD_PATHS = [
  'crd', 'crd.apiVersion', 'crd.kind', 'crd.metadata', 'crd.metadata.name', 'crd.spec', 'crd.spec.group', 'crd.spec.names', 'crd.spec.names.kind',
  'crd.spec.names.plural', 'crd.spec.scope', 'crd.spec.versions', 'crd.spec.versions.0', 'crd.spec.versions.0.name', 'crd.spec.versions.0.served',
  'crd.spec.versions.0.storage', 'crd.spec.versions.0.deprecated', 'crd.spec.versions.0.schema', SCHEMA, `${SCHEMA}.properties`, `${SCHEMA}.properties.spec`,
  `${SCHEMA}.properties.spec.required`, `${SCHEMA}.properties.spec.properties.secretName`, `${SCHEMA}.properties.spec.properties.secretName.type`,
  `${SCHEMA}.properties.spec.properties.privateKey.properties.algorithm.enum`, `${SCHEMA}.properties.spec.properties.revisionHistoryLimit.format`,
  `${SCHEMA}.properties.spec.properties.dnsNames.items`, `${SCHEMA}.properties.spec.properties.secretTemplate.properties.labels.additionalProperties`,
  'options', 'options.source', 'options.unchecked', 'options.unchecked.reason',
];

export const CUSTOM_RESOURCE_TARGETS: JavaScriptValueTarget[] = [
  {
    name: 'CustomResource (cert-manager Certificate, imported CRD)',
    props: () => ({
      type: CERTIFICATES, version: 'v1', name: 'shop-tls', namespace: 'shop', labels: { tier: 'edge' }, annotations: { owner: 'web' },
      spec: { ...certificateSpec(), isCA: false, revisionHistoryLimit: 3, secretTemplate: { labels: { app: 'shop' }, annotations: { a: 'b' } } },
    }),
    build: (s, props) => new CustomResource(s, 'cert', props),
    covers: ['CustomResource'],
  },
  {
    name: 'CustomResource.typed (cert-manager ClusterIssuer, cluster-scoped)',
    props: () => ({ type: ISSUERS, name: 'ca', spec: { ca: { secretName: 'root-ca' } } }),
    build: (s, props) => CustomResource.typed(s, 'issuer', props),
    covers: ['CustomResource.typed'],
  },
  {
    name: 'ImportedCrd.fromObject (a CRD with CEL rules, accepted unchecked)',
    props: () => {
      const crd = certificateCrd();
      crd.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] = [{ rule: 'has(self.secretName)' }];
      return { crd, options: { source: 'crds/certificates.yaml', unchecked: { reason: 'the API server evaluates the CEL rules' } } };
    },
    paths: CRD_PATHS,
    build: (s, props) => {
      const crd = ImportedCrd.fromObject(props?.crd, props?.options);
      new CustomResource(s, 'cert', { type: crd, namespace: 'shop', spec: certificateSpec() });
    },
    covers: ['ImportedCrd', 'ImportedCrd.fromObject'],
  },
  {
    name: 'ImportedCrd.fromFile (a multi-document file)',
    props: () => ({ file: CRD_FILE, options: { select: 'Certificate' }, widget: widgetCrd() }),
    paths: ['file', 'options', 'options.select', 'options.unchecked'],
    build: (s, props) => {
      const crd = ImportedCrd.fromFile(props?.file, props?.options);
      new CustomResource(s, 'cert', { type: crd, namespace: 'shop', spec: certificateSpec() });
    },
    covers: ['ImportedCrd.fromFile'],
  },
];

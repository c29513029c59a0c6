import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { CrdSchema } from '../../lib/extension/crd-schema';
import { CustomResource } from '../../lib/extension/custom-resource';
import { CustomResourceDefinition } from '../../lib/extension/custom-resource-definition';
import { ImportedCrd } from '../../lib/extension/imported-crd';
import { OperatorBundle } from '../../lib/extension/operator-bundle';
import { suppressCheck } from '../../lib/policy/suppressions';
import { SecureNamespace } from '../../lib/security/secure-namespace';
import { PLATFORM } from '../eks-platform/platform';

/** The vendor CRD of R3, kept beside this file (read from the sources also when the app runs compiled, from build/). */
export const ELASTICSEARCH_CRD_FILE = ['.', '../../../apps/extension']
  .map((dir) => path.join(__dirname, dir, 'vendor', 'elasticsearches.elasticsearch.k8s.elastic.co.yaml'))
  .find((file) => fs.existsSync(file)) ?? 'apps/extension/vendor/elasticsearches.elasticsearch.k8s.elastic.co.yaml';

/** The operator the notes scaffold with operator-sdk (R4); its image is a placeholder name for the one `make docker-build` makes. */
export const MONKEY_OPERATOR_IMAGE = 'registry.example.com/monkey-operator:0.1.0';

/** R1: the notes' CronTab, as they write it (every field typed; the name is `<plural>.<group>`). */
const CRON_TAB_SPEC = CrdSchema.object({
  cronSpec: CrdSchema.string({ maxLength: 256 }),
  image: CrdSchema.string({ maxLength: 512 }),
  replicas: CrdSchema.integer({ minimum: 0, format: 'int32' }),
});

/** R4: MonkeyPod's spec is a pod spec (corev1.PodSpec), its status a pod status; kept open like an embedded object. */
const MONKEY_POD_SPEC = CrdSchema.object({
  containers: CrdSchema.array(CrdSchema.preserveUnknownFields({ description: 'A container, as in a pod spec.' }), { minItems: 1 }),
  dnsPolicy: CrdSchema.string({ enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] }),
  restartPolicy: CrdSchema.string({ enum: ['Always', 'OnFailure', 'Never'] }),
}, { required: ['containers'] });

/**
 * The CKA notes' extension examples: the CronTab CRD and an object of it (R1, R2), an Elasticsearch of ECK validated
 * against the vendor's CRD read from a file (R3), and the operator-sdk `monkey-operator` (R4–R6): its MonkeyPod CRD,
 * the controller in `monkey-operator-system`, and the MonkeyPod `nginx` from which it creates a pod.
 */
export class CkaExtensionStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const cronTabs = new CustomResourceDefinition(this, 'crontabs', {
      group: 'stable.example.com', kind: 'CronTab', plural: 'crontabs', shortNames: ['ct'], versions: { v1: { spec: CRON_TAB_SPEC } },
    });
    const examples = new SecureNamespace(this, 'examples', { name: 'extension-examples' });
    new CustomResource(examples, 'my-new-cron-object', {
      type: cronTabs, spec: { cronSpec: '* * * * */5', image: 'registry.example.com/my-awesome-cron-image:1.0.0', replicas: 5 },
    });

    // R3: ECK's operator installs its CRDs; the app only declares a cluster, checked against the vendor's schema.
    new CustomResource(examples, 'quickstart', {
      type: ImportedCrd.fromFile(ELASTICSEARCH_CRD_FILE),
      // The notes deploy 7.15.2; the v1 API is unchanged, and 8.x is the supported line.
      spec: { version: '8.17.0', nodeSets: [{ name: 'default', count: 3, config: { 'node.store.allow_mmap': false } }] },
    });

    const monkeyPods = new CustomResourceDefinition(this, 'monkeypods', {
      group: 'monkey.example.com', kind: 'MonkeyPod', plural: 'monkeypods',
      versions: { v1alpha1: { spec: MONKEY_POD_SPEC, status: CrdSchema.preserveUnknownFields(), subresources: { status: true } } },
    });
    const monkeyOperator = new OperatorBundle(this, 'monkey-operator', {
      name: 'monkey-operator',
      image: MONKEY_OPERATOR_IMAGE,
      kinds: [monkeyPods],
      // R6: the controller creates a pod for each MonkeyPod, which needs a rule to create pods.
      owns: [{ apiGroup: '', resource: 'pods' }],
      apiServer: { cidrs: [PLATFORM.vpcCidr] },
    });
    // Creating pods lets a subject run them as any ServiceAccount of their namespace: the operator's purpose here.
    suppressCheck(monkeyOperator.controller, 'rbac-create-pods', { reason: 'the monkey-operator exists to create a pod for each MonkeyPod (R6)' });
    new CustomResource(examples, 'nginx', {
      type: monkeyPods,
      labels: { run: 'nginx' },
      spec: { containers: [{ name: 'nginx', image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', resources: {} }], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always' },
    });
  }
}

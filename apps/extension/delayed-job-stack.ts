import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { CrdSchema } from '../../lib/extension/crd-schema';
import { CustomResource } from '../../lib/extension/custom-resource';
import { CustomResourceDefinition } from '../../lib/extension/custom-resource-definition';
import { OperatorBundle } from '../../lib/extension/operator-bundle';
import { SecureNamespace } from '../../lib/security/secure-namespace';
import { PLATFORM } from '../eks-platform/platform';

/** The operator's name: its namespace is `delayed-job-system`, its Deployment `delayed-job-controller-manager`. */
export const OPERATOR_NAME = 'delayed-job';

/**
 * The book shows the controller only as pseudocode (E05); this is a placeholder name, pinned, for the image you build
 * with controller-runtime or Kubebuilder (it must serve metrics on 8080, /healthz and /readyz on 8081, and the
 * conversion webhook over HTTPS on 9443 at /convert).
 */
export const CONTROLLER_IMAGE = 'registry.example.com/delayed-job-controller:0.1.0';

/** An image pinned by tag or digest: the controller runs it as the user's Job, so "busybox" alone is refused. */
const PINNED_IMAGE = '^[a-z0-9][^\\s@:]*(:[\\w][\\w.-]{0,127}|@sha256:[0-9a-f]{64})$';

/** What v1 says (E01): wait `delaySeconds`, then run `image`; CEL keeps the delay from being negative. */
const V1_SPEC = CrdSchema.object({
  delaySeconds: CrdSchema.integer({ format: 'int64', description: 'Seconds to wait before the Job is created.' }),
  image: CrdSchema.string({ pattern: PINNED_IMAGE, maxLength: 512, description: 'The image the Job runs, pinned by tag or digest.' }),
}, {
  required: ['delaySeconds', 'image'],
  validations: [{ rule: 'self.delaySeconds >= 0', message: 'delaySeconds must be zero or more' }],
});

/**
 * v2 adds the user's command: the book's controller replaced it with `sleep <delay>`, so the image never did its
 * work. The delay is the controller's (it creates the Job when the time has come), the command the user's.
 */
const V2_SPEC = CrdSchema.object({
  delaySeconds: CrdSchema.integer({ format: 'int64', description: 'Seconds to wait before the Job is created.' }),
  image: CrdSchema.string({ pattern: PINNED_IMAGE, maxLength: 512, description: 'The image the Job runs, pinned by tag or digest.' }),
  command: CrdSchema.array(CrdSchema.string({ maxLength: 4096 }), { maxItems: 64, description: 'The command of the Job; the image\'s own by default.' }),
  args: CrdSchema.array(CrdSchema.string({ maxLength: 4096 }), { maxItems: 64, description: 'Arguments of the command.' }),
}, {
  required: ['delaySeconds', 'image'],
  validations: [{ rule: 'self.delaySeconds >= 0', message: 'delaySeconds must be zero or more' }],
});

/** The controller reports through conditions and the Job's name, not through an `is-scheduled` annotation (E05). */
const STATUS = CrdSchema.object({
  jobName: CrdSchema.string({ maxLength: 63, description: 'The Job the controller created.' }),
  observedGeneration: CrdSchema.integer({ format: 'int64' }),
  conditions: CrdSchema.array(CrdSchema.object({
    type: CrdSchema.string({ maxLength: 316 }),
    status: CrdSchema.string({ enum: ['True', 'False', 'Unknown'] }),
    reason: CrdSchema.string({ maxLength: 1024 }),
    message: CrdSchema.string({ maxLength: 32768 }),
    lastTransitionTime: CrdSchema.string({ format: 'date-time' }),
    observedGeneration: CrdSchema.integer({ format: 'int64' }),
  }, { required: ['type', 'status', 'lastTransitionTime'] }), { listType: 'map', listMapKeys: ['type'], maxItems: 16 }),
});

const COLUMNS = [
  { name: 'Delay', type: 'integer' as const, jsonPath: '.spec.delaySeconds' },
  { name: 'Image', type: 'string' as const, jsonPath: '.spec.image' },
  { name: 'Job', type: 'string' as const, jsonPath: '.status.jobName' },
  { name: 'Age', type: 'date' as const, jsonPath: '.metadata.creationTimestamp' },
];

/**
 * Cloud Native with Kubernetes, ch. 13, "extending Kubernetes" (A5): the DelayedJob CRD (E01, with the v1 → v2
 * deprecation of E02 and the webhook conversion of E03 done right), the instance `my-instance-of-delayed-job` (E04)
 * and the controller (E05) as an operator bundle that creates Jobs.
 */
export class DelayedJobStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const delayedJobs = new CustomResourceDefinition(this, 'delayed-jobs', {
      group: 'delayedresources.mydomain.com',
      kind: 'DelayedJob',
      // The book names the variants' CRD `delayedjob.…`: the API server requires `<plural>.<group>`.
      plural: 'delayedjobs',
      singular: 'delayedjob',
      shortNames: ['dj'],
      versions: {
        v1: {
          storage: false, deprecated: { warning: 'DelayedJob v1 is deprecated!' }, spec: V1_SPEC, status: STATUS,
          subresources: { status: true }, printerColumns: COLUMNS, selectableFields: ['.spec.image'],
        },
        v2: { storage: true, spec: V2_SPEC, status: STATUS, subresources: { status: true }, printerColumns: COLUMNS, selectableFields: ['.spec.image'] },
      },
      // v1 and v2 differ, so the API server needs the controller to convert (E03 without conversionReviewVersions
      // and with a bare URL is refused today).
      conversion: OperatorBundle.conversionWebhook(OPERATOR_NAME),
    });

    new OperatorBundle(this, 'operator', {
      name: OPERATOR_NAME,
      image: CONTROLLER_IMAGE,
      kinds: [delayedJobs],
      // It creates a Job per DelayedJob, owned by it (ownerReferences), with a TTL after it finishes.
      owns: [{ apiGroup: 'batch', resource: 'jobs' }],
      // EKS serves the API from network interfaces in the cluster's VPC.
      apiServer: { cidrs: [PLATFORM.vpcCidr] },
      conversionWebhook: {},
    });

    const jobs = new SecureNamespace(this, 'delayed-jobs-namespace', { name: 'delayed-jobs' });
    // Typed by v2's schema: a misspelt or mistyped field is a compile error, and a synth error for JavaScript callers.
    CustomResource.typed(jobs, 'my-instance-of-delayed-job', {
      type: delayedJobs,
      version: 'v2',
      spec: { delaySeconds: 6000, image: 'busybox:1.37.0', command: ['sh', '-c', 'echo "the delayed work runs now"'] },
    });
  }
}

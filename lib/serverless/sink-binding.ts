import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { API_VERSION, KIND, LABEL_KEY, LABEL_VALUE, OBJECT_NAME } from '../core/formats';
import { builtinKindProblem } from '../core/api-resources';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, requireProps } from '../core/validator';
import { objectProp, stringMap } from './checks';
import { EventTarget, toDestination, validateEventTarget } from './event-destination';

/** The workloads a SinkBinding injects the sink address into. */
export interface BindingSubject {
  /** API version of the workloads, e.g. "apps/v1". */
  readonly apiVersion: string;
  /** Their kind, e.g. "Deployment" or "CronJob". */
  readonly kind: string;
  /**
   * One workload by name (or use `selector`).
   * @default none
   */
  readonly name?: string;
  /**
   * Every workload with these labels (or use `name`).
   * @default none
   */
  readonly selector?: Record<string, string>;
}

/** Props of a {@link SinkBinding}. */
export interface SinkBindingProps {
  /**
   * Name of the binding.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the binding and its subjects.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /** The workloads that produce events. */
  readonly subject: BindingSubject;
  /** Where their events go. */
  readonly sink: EventTarget;
}

const PROPS = propNames<SinkBindingProps>()({ name: true, namespace: true, subject: true, sink: true });
const SUBJECT_PROPS = propNames<BindingSubject>()({ apiVersion: true, kind: true, name: true, selector: true });

/**
 * A `sources.knative.dev/v1` SinkBinding: makes any workload an event source by injecting the sink's address
 * (`K_SINK`) into its pods, so the producer needs no hard-coded URL.
 */
export class SinkBinding extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: SinkBindingProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    const namespace = this.namespace;
    const s = props.subject;
    if (objectProp(v, 'subject', s, 'an object: { apiVersion, kind, name } or { apiVersion, kind, selector }', true) && v.knownProps('subject', s, SUBJECT_PROPS)) {
      validateSubject(v, s);
    }
    validateEventTarget(v, 'sink', props.sink, namespace);
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'SinkBinding',
      metadata: { name: this.name, namespace },
      spec: {
        subject: {
          apiVersion: s.apiVersion,
          kind: s.kind,
          namespace,
          name: s.name,
          selector: s.selector ? { matchLabels: { ...s.selector } } : undefined,
        },
        sink: toDestination(props.sink)._render(),
      },
    });
  }
}

/** Checks the subject: a kind the API server serves, and exactly one of a name or a non-empty selector. */
function validateSubject(v: PropsValidator, s: BindingSubject): void {
  const versionOk = v.format('subject.apiVersion', s.apiVersion, API_VERSION, true);
  if (v.format('subject.kind', s.kind, KIND, true) && versionOk) {
    const problem = builtinKindProblem(s.apiVersion, s.kind);
    v.check(problem === undefined, 'subject.kind', s.kind, `a kind served at "${s.apiVersion}" (${problem})`);
  }
  v.check((s.name === undefined) !== (s.selector === undefined), 'subject', s, 'exactly one of name or selector');
  v.format('subject.name', s.name, OBJECT_NAME);
  // An empty selector would bind every workload of the kind in the namespace.
  if (stringMap(v, 'subject.selector', s.selector, LABEL_KEY, LABEL_VALUE)) {
    v.check(Object.keys(s.selector).length > 0, 'subject.selector', s.selector, 'at least one label (an empty selector binds every workload of the kind)');
  }
}

import { k8s, KubeHorizontalPodAutoscalerV2 } from '../core/k8s';
import { Construct } from 'constructs';
import { API_VERSION, KIND, OBJECT_NAME } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { requireProps } from '../core/validator';

/** The scaling range and targets of an autoscaled workload. */
export interface AutoscalingOptions {
  /**
   * Fewest replicas. Keep at least 2 for availability.
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the CPU request.
   * @default 80 (when memoryUtilization is not set either)
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory use, in percent of the memory request.
   * @default not used
   */
  readonly memoryUtilization?: number;
}

/** Props of an {@link Autoscaler}. */
export interface AutoscalerProps extends AutoscalingOptions {
  /** Name of the HorizontalPodAutoscaler. */
  readonly name: string;
  /** Namespace of the target. */
  readonly namespace: string;
  /** The scaled object, e.g. `{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }`. */
  readonly target: { readonly apiVersion: string; readonly kind: string; readonly name: string };
  /**
   * Labels of the autoscaler object.
   * @default none
   */
  readonly labels?: Record<string, string>;
}

const PROPS = propNames<AutoscalerProps>()({
  name: true, namespace: true, target: true, labels: true, minReplicas: true, maxReplicas: true, cpuUtilization: true, memoryUtilization: true,
});
const TARGET_PROPS = propNames<AutoscalerProps['target']>()({ apiVersion: true, kind: true, name: true });

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler on CPU and/or memory utilization. The scaled workload must not set
 * `replicas` itself, or every apply would fight the autoscaler; the workloads of this library leave it out.
 */
export class Autoscaler extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id, props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props, true);
    const min = props.minReplicas ?? 2;
    if (v.check(props.target !== null && typeof props.target === 'object', 'target', props.target, 'the scaled object { apiVersion, kind, name }')
      && v.knownProps('target', props.target, TARGET_PROPS)) {
      v.format('target.apiVersion', props.target.apiVersion, API_VERSION, true);
      v.format('target.kind', props.target.kind, KIND, true);
      v.format('target.name', props.target.name, OBJECT_NAME, true);
    }
    v.integer('minReplicas', min, 1);
    v.check(props.maxReplicas !== undefined, 'maxReplicas', props.maxReplicas, 'the most replicas, an integer >= minReplicas');
    if (v.integer('maxReplicas', props.maxReplicas, 1) && Number.isInteger(min)) {
      v.check(props.maxReplicas >= min, 'maxReplicas', props.maxReplicas, `an integer >= minReplicas (${min})`);
    }
    v.integer('cpuUtilization', props.cpuUtilization, 1, 1000);
    v.integer('memoryUtilization', props.memoryUtilization, 1, 1000);
    v.throwIfInvalid();

    const cpu = props.cpuUtilization ?? (props.memoryUtilization === undefined ? 80 : undefined);
    const metric = (name: string, averageUtilization: number): k8s.MetricSpecV2 => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization } },
    });
    const metrics: k8s.MetricSpecV2[] = [];
    if (cpu !== undefined) {
      metrics.push(metric('cpu', cpu));
    }
    if (props.memoryUtilization !== undefined) {
      metrics.push(metric('memory', props.memoryUtilization));
    }

    new KubeHorizontalPodAutoscalerV2(this, RESOURCE_ID, {
      metadata: { name: this.name, namespace: this.namespace, labels: props.labels },
      spec: {
        scaleTargetRef: { apiVersion: props.target.apiVersion, kind: props.target.kind, name: props.target.name },
        minReplicas: min,
        maxReplicas: props.maxReplicas,
        metrics,
      },
    });
  }
}

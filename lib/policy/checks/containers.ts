import { isDeepStrictEqual } from 'node:util';
import { MUTATING_PATHS_ANNOTATION, NO_PROBES_REASON_ANNOTATION } from '../../core/annotations';
import { PINNED_IMAGE, SECRET_LIKE_ENV_NAME } from '../../core/formats';
import { definePodCheck } from '../define';
import {
  LONG_RUNNING_KINDS, containersOf, describeContainer, noProbesReason, podAnnotations, probedContainers, runsToCompletion,
} from '../pods';
import { PolicyCheck } from '../types';

/** Path segments that suggest a request changes state. */
const MUTATING_SEGMENT = /(^|[/_-])(create|delete|remove|update|increment|incr|decrement|reset|add|write|submit|checkout|pay|purge|flush)([/_-]|$)/i;

function resourceCheck(id: string, kind: 'requests' | 'limits', resource: 'cpu' | 'memory', severity: 'error' | 'warning', refs: string[]): PolicyCheck {
  return definePodCheck({
    id,
    description: `Every container sets a ${resource} ${kind === 'requests' ? 'request' : 'limit'}.`,
    remediation: `Set resources.${kind}.${resource} on every container (and init container).`,
    severity,
    references: refs,
    check: (spec) => containersOf(spec).filter((r) => r.type !== 'ephemeralContainer' && r.container.resources?.[kind]?.[resource] === undefined)
      .map((r) => `${describeContainer(r)} has no ${resource} ${kind === 'requests' ? 'request' : 'limit'}`),
  });
}

/**
 * A check that the long-running containers (app containers and native sidecars) of pods that run until stopped have
 * a probe. Pods that run to completion (Jobs, CronJobs, bare Pods with restartPolicy OnFailure or Never) need none;
 * plain init containers cannot have one. A readiness probe is only expected of containers that declare ports (it
 * decides whether a Service sends them traffic); a liveness probe of every one. The pod template annotation
 * {@link NO_PROBES_REASON_ANNOTATION} records why a workload has none, and then neither is expected.
 */
function probePresenceCheck(probe: 'readiness' | 'liveness', why: string, refs: string[]): PolicyCheck {
  return definePodCheck({
    id: `probe-${probe}`,
    kinds: LONG_RUNNING_KINDS,
    description: probe === 'readiness'
      ? 'Containers that serve until stopped and declare ports (app containers and native sidecars) have a readiness probe; run-to-completion pods need none.'
      : 'Containers that serve until stopped (app containers and native sidecars) have a liveness probe; run-to-completion pods need none.',
    remediation: `Add a ${probe}Probe, ${why}; or record why the pods need no probes in the ${NO_PROBES_REASON_ANNOTATION} annotation of the pod template.`,
    severity: 'warning',
    references: refs,
    check: (spec, target) => {
      if (runsToCompletion(target.object) || noProbesReason(target.object) !== undefined) {
        return [];
      }
      return probedContainers(spec)
        .filter((r) => !r.container[`${probe}Probe`] && (probe === 'liveness' || (r.container.ports ?? []).length > 0))
        .map((r) => `${describeContainer(r)} has no ${probe} probe`);
    },
  });
}

export const CONTAINER_CHECKS: PolicyCheck[] = [
  definePodCheck({
    id: 'image-tag-pinned',
    description: 'Images are pinned by a tag other than latest, or by digest.',
    remediation: 'Reference images as repo:1.2.3 or repo@sha256:<digest>.',
    severity: 'error',
    references: ['kube-score: container-image-tag', 'kube-linter: latest-tag', 'Polaris: tagNotSpecified', 'CKV_K8S_14'],
    check: (spec) => containersOf(spec).filter((r) => !PINNED_IMAGE.test(r.container.image))
      .map((r) => `${describeContainer(r)} uses image "${r.container.image}", which is not pinned`),
  }),
  resourceCheck('resources-cpu-request', 'requests', 'cpu', 'error', ['kube-linter: unset-cpu-requirements', 'Polaris: cpuRequestsMissing', 'CKV_K8S_10']),
  resourceCheck('resources-memory-request', 'requests', 'memory', 'error', ['kube-linter: unset-memory-requirements', 'Polaris: memoryRequestsMissing', 'CKV_K8S_12']),
  resourceCheck('resources-cpu-limit', 'limits', 'cpu', 'warning', ['kube-score: container-resources', 'Polaris: cpuLimitsMissing', 'CKV_K8S_11']),
  resourceCheck('resources-memory-limit', 'limits', 'memory', 'warning', ['kube-score: container-resources', 'Polaris: memoryLimitsMissing', 'CKV_K8S_13']),
  probePresenceCheck('readiness', 'so traffic reaches only pods that can answer', ['kube-score: pod-probes', 'kube-linter: no-readiness-probe', 'Polaris: readinessProbeMissing', 'CKV_K8S_9']),
  probePresenceCheck('liveness', 'so a hung container is restarted', ['kube-score: pod-probes', 'kube-linter: no-liveness-probe', 'Polaris: livenessProbeMissing', 'CKV_K8S_8']),
  definePodCheck({
    id: 'probes-not-identical',
    kinds: LONG_RUNNING_KINDS,
    description: 'Readiness and liveness probes differ, so a slow container is taken out of traffic before it is killed.',
    remediation: 'Give the liveness probe a longer period or higher failure threshold than the readiness probe.',
    severity: 'warning',
    references: ['kube-score: pod-probes-identical'],
    check: (spec, target) => (runsToCompletion(target.object) ? [] : probedContainers(spec)
      .filter(({ container: c }) => c.readinessProbe && c.livenessProbe && isDeepStrictEqual(c.readinessProbe, c.livenessProbe))
      .map((r) => `${describeContainer(r)} has identical readiness and liveness probes`)),
  }),
  definePodCheck({
    id: 'probe-mutating-endpoint',
    description: 'No HTTP probe calls an endpoint that changes state (each probe would change it again).',
    remediation: `Probe a side-effect-free endpoint, or the TCP port; declare mutating paths in the ${MUTATING_PATHS_ANNOTATION} annotation.`,
    severity: 'error',
    references: ['The Kubernetes Workshop: /get-number'],
    check: (spec, target) => {
      const declared = [target.object.metadata?.annotations?.[MUTATING_PATHS_ANNOTATION], podAnnotations(target.object)[MUTATING_PATHS_ANNOTATION]]
        .flatMap((a: string | undefined) => (a ?? '').split(',')).map((p) => p.trim()).filter(Boolean);
      return probedContainers(spec).flatMap((r) => (['readinessProbe', 'livenessProbe', 'startupProbe'] as const).flatMap((probe) => {
        const path: string | undefined = r.container[probe]?.httpGet?.path;
        if (path === undefined) {
          return [];
        }
        const bare = path.split('?')[0];
        const hit = declared.find((d) => bare === d || bare.startsWith(`${d.replace(/\/$/, '')}/`));
        return hit || MUTATING_SEGMENT.test(bare) ? [`${describeContainer(r)} ${probe} calls ${path}, which changes state`] : [];
      }));
    },
  }),
  definePodCheck({
    id: 'probe-port-exists',
    description: 'Probes name ports the container declares.',
    remediation: 'Use a port name from the container\'s ports, or a port number.',
    severity: 'error',
    references: ['kube-linter: liveness-port, readiness-port, startup-port'],
    check: (spec) => containersOf(spec).flatMap((r) => (['readinessProbe', 'livenessProbe', 'startupProbe'] as const).flatMap((probe) => {
      const p = r.container[probe];
      const port = p?.httpGet?.port ?? p?.tcpSocket?.port ?? p?.grpc?.port;
      const names = (r.container.ports ?? []).map((cp: any) => cp.name);
      return typeof port === 'string' && !names.includes(port) ? [`${describeContainer(r)} ${probe} uses port "${port}", which it does not declare`] : [];
    })),
  }),
  definePodCheck({
    id: 'env-secret-literal',
    description: 'Credentials are not written as plain environment values.',
    remediation: 'Read the value from a Secret (valueFrom.secretKeyRef), filled by External Secrets or a similar tool.',
    severity: 'error',
    references: ['kube-linter: env-var-secret', 'Polaris: sensitiveContainerEnvVar', 'CKV_K8S_35'],
    check: (spec) => containersOf(spec).flatMap((r) => (r.container.env ?? [])
      .filter((e: any) => e.value !== undefined && e.value !== '' && SECRET_LIKE_ENV_NAME.test(e.name))
      .map((e: any) => `${describeContainer(r)} sets ${e.name} to a literal value`)),
  }),
  definePodCheck({
    id: 'env-duplicate',
    description: 'No container sets the same environment variable twice.',
    remediation: 'Remove the duplicate entry; only the last one takes effect.',
    severity: 'error',
    references: ['kube-linter: duplicate-env-var', 'kube-score: environment-variable-key-duplication'],
    check: (spec) => containersOf(spec).flatMap((r) => {
      const names: string[] = (r.container.env ?? []).map((e: any) => e.name);
      return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))].map((n) => `${describeContainer(r)} sets ${n} more than once`);
    }),
  }),
];

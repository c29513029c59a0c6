import { isDeepStrictEqual } from 'node:util';
import { MUTATING_PATHS_ANNOTATION, NO_PROBES_REASON_ANNOTATION, WRITABLE_ROOT_ANNOTATION } from '../../core/annotations';
import { PINNED_IMAGE, PORT_NAME, SECRET_LIKE_ENV_NAME } from '../../core/formats';
import { definePodCheck } from '../define';
import {
  LONG_RUNNING_KINDS, containersOf, describeContainer, isMap, mapsOf, noProbesReason, podAnnotations, podLabels, probedContainers, runsToCompletion,
} from '../pods';
import { credentialIn } from './secrets';
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
 * plain init containers cannot have one. A readiness probe is only expected of containers that declare ports or whose
 * pod a Service selects (it decides whether a Service sends them traffic); a liveness probe of every one. The pod template annotation
 * {@link NO_PROBES_REASON_ANNOTATION} records why a workload has none, and then neither is expected.
 */
function probePresenceCheck(probe: 'readiness' | 'liveness', why: string, refs: string[]): PolicyCheck {
  return definePodCheck({
    id: `probe-${probe}`,
    kinds: LONG_RUNNING_KINDS,
    description: probe === 'readiness'
      ? 'Containers that serve until stopped (app containers and native sidecars) have a readiness probe when they declare ports or a '
        + 'Service in the output selects their pod (it decides whether the Service sends them traffic); run-to-completion pods need none.'
      : 'Containers that serve until stopped (app containers and native sidecars) have a liveness probe; run-to-completion pods need none.',
    remediation: `Add a ${probe}Probe, ${why}; or record why the pods need no probes in the ${NO_PROBES_REASON_ANNOTATION} annotation of the pod template.`,
    severity: 'warning',
    references: refs,
    check: (spec, target, index) => {
      if (runsToCompletion(target.object) || noProbesReason(target.object) !== undefined) {
        return [];
      }
      // A Service that selects the pod sends it traffic, declared ports or not.
      const labels = podLabels(target.object);
      const service = probe === 'readiness' ? index.selecting('Service', target.namespace, isMap(labels) ? labels : {})[0] : undefined;
      return probedContainers(spec)
        .filter((r) => !r.container[`${probe}Probe`])
        .flatMap((r) => {
          if (probe === 'liveness' || mapsOf(r.container.ports).length > 0) {
            return [`${describeContainer(r)} has no ${probe} probe`];
          }
          return service ? [`${describeContainer(r)} has no readiness probe (Service ${service.name} selects the pod)`] : [];
        });
    },
  });
}

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** The protocol of a declared container port (TCP when unset). */
const protocolOf = (p: any): string => (typeof p.protocol === 'string' ? p.protocol : 'TCP');

/** What is wrong with the port a probe calls, or undefined (also for exec probes and malformed ones the API refuses). */
function probePortProblem(container: any, probe: unknown): string | undefined {
  if (!isMap(probe)) {
    return undefined;
  }
  const declared = mapsOf(container.ports);
  const grpc = isMap(probe.grpc);
  const port = grpc ? probe.grpc.port : isMap(probe.httpGet) ? probe.httpGet.port : isMap(probe.tcpSocket) ? probe.tcpSocket.port : undefined;
  if (grpc && typeof port !== 'number') {
    return `uses gRPC port ${JSON.stringify(port ?? null)}, which is not a number (grpc.port takes no port name)`;
  }
  if (typeof port === 'string') {
    const named = declared.find((cp) => cp.name === port);
    if (!named) {
      return `uses port "${port}", which it does not declare`;
    }
    return protocolOf(named) === 'TCP' ? undefined : `uses port "${port}", which is ${protocolOf(named)} (probes connect over TCP)`;
  }
  if (typeof port === 'number' && declared.length > 0) {
    const same = declared.filter((cp) => cp.containerPort === port);
    if (same.length === 0) {
      return `uses port ${port}, which it does not declare`;
    }
    return same.some((cp) => protocolOf(cp) === 'TCP') ? undefined : `uses port ${port}, which it declares as ${protocolOf(same[0])} only (probes connect over TCP)`;
  }
  return undefined;
}

/**
 * Which containers the pod template's {@link WRITABLE_ROOT_ANNOTATION} waives: those it names ("<container>: <reason>",
 * separated by ";"), or every one when it has a reason but names no container of that form.
 */
function writableRootContainers(annotation: unknown): (name: string) => boolean {
  const text = typeof annotation === 'string' ? annotation.trim() : '';
  if (text === '') {
    return () => false;
  }
  const named = text.split(';').map((part) => /^\s*([a-z0-9]([-a-z0-9]*[a-z0-9])?)\s*:\s*\S/.exec(part)?.[1]).filter((n): n is string => n !== undefined);
  return named.length === 0 ? () => true : (name) => named.includes(name);
}

export const CONTAINER_CHECKS: PolicyCheck[] = [
  definePodCheck({
    id: 'image-tag-pinned',
    description: 'Images are pinned by a tag other than latest, or by digest.',
    remediation: 'Reference images as repo:1.2.3 or repo@sha256:<digest>.',
    severity: 'error',
    references: ['kube-score: container-image-tag', 'kube-linter: latest-tag', 'Polaris: tagNotSpecified', 'CKV_K8S_14'],
    check: (spec) => containersOf(spec).filter((r) => typeof r.container.image !== 'string' || !PINNED_IMAGE.test(r.container.image))
      .map((r) => `${describeContainer(r)} uses image "${r.container.image}", which is not pinned`),
  }),
  resourceCheck('resources-cpu-request', 'requests', 'cpu', 'error', ['kube-score: container-resources', 'kube-linter: unset-cpu-requirements', 'Polaris: cpuRequestsMissing', 'CKV_K8S_10']),
  resourceCheck('resources-memory-request', 'requests', 'memory', 'error', ['kube-score: container-resources', 'Polaris: memoryRequestsMissing', 'CKV_K8S_12']),
  resourceCheck('resources-cpu-limit', 'limits', 'cpu', 'warning', ['kube-score: container-resources', 'Polaris: cpuLimitsMissing', 'CKV_K8S_11']),
  resourceCheck('resources-memory-limit', 'limits', 'memory', 'warning', ['kube-score: container-resources', 'kube-linter: unset-memory-requirements', 'Polaris: memoryLimitsMissing', 'CKV_K8S_13']),
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
        .flatMap((a: unknown) => String(a ?? '').split(',')).map((p) => p.trim()).filter(Boolean);
      return probedContainers(spec).flatMap((r) => (['readinessProbe', 'livenessProbe', 'startupProbe'] as const).flatMap((probe) => {
        const path: unknown = r.container[probe]?.httpGet?.path;
        if (typeof path !== 'string') {
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
    description: 'Probes reach a TCP port the container declares: a port name it declares, or a number among its containerPorts '
      + '(any number when it declares none); never a UDP port (probes connect over TCP); gRPC probes take a port number.',
    remediation: 'Use a port name from the container\'s ports, or declare the number the probe calls; probe a TCP port; give grpc.port as a number.',
    severity: 'error',
    references: ['kube-linter: liveness-port, readiness-port, startup-port'],
    check: (spec) => containersOf(spec).flatMap((r) => PROBES.flatMap((probe) => {
      const problem = probePortProblem(r.container, r.container[probe]);
      return problem ? [`${describeContainer(r)} ${probe} ${problem}`] : [];
    })),
  }),
  definePodCheck({
    id: 'env-secret-literal',
    description: 'Credentials are not written as plain environment values: neither a literal value of a variable named like a credential '
      + '(PASSWORD, TOKEN, API_KEY...), nor a value of any variable that holds one (a PEM private key, an AWS access key id, a GitHub, '
      + 'Slack or JSON Web Token, a URL with a password).',
    remediation: 'Read the value from a Secret (valueFrom.secretKeyRef), filled by External Secrets or a similar tool.',
    severity: 'error',
    references: ['kube-linter: env-var-secret', 'Polaris: sensitiveContainerEnvVar', 'CKV_K8S_35'],
    check: (spec) => containersOf(spec).flatMap((r) => mapsOf(r.container.env).flatMap((e: any) => {
      if (e.value === undefined || e.value === null || e.value === '' || typeof e.name !== 'string') {
        return [];
      }
      if (SECRET_LIKE_ENV_NAME.test(e.name)) {
        return [`${describeContainer(r)} sets ${e.name} to a literal value`];
      }
      const what = typeof e.value === 'string' ? credentialIn(e.value) : undefined;
      return what ? [`${describeContainer(r)} sets ${e.name} to a literal value that holds ${what}`] : [];
    })),
  }),
  definePodCheck({
    id: 'env-duplicate',
    description: 'No container sets the same environment variable twice.',
    remediation: 'Remove the duplicate entry; only the last one takes effect.',
    severity: 'error',
    references: ['kube-linter: duplicate-env-var', 'kube-score: environment-variable-key-duplication'],
    check: (spec) => containersOf(spec).flatMap((r) => {
      const names: string[] = mapsOf(r.container.env).map((e: any) => e.name);
      return [...new Set(names.filter((n, i) => names.indexOf(n) !== i))].map((n) => `${describeContainer(r)} sets ${n} more than once`);
    }),
  }),
  definePodCheck({
    id: 'read-only-root-filesystem',
    description: 'Containers run with a read-only root file system (securityContext.readOnlyRootFilesystem: true); they write only '
      + 'to mounted volumes such as a size-limited emptyDir. A container whose writes cannot be moved to a volume is named, with '
      + `the reason, in the pod template annotation ${WRITABLE_ROOT_ANNOTATION} ("<container>: <reason>", several separated by ";").`,
    remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir (with sizeLimit) where the process writes; or record '
      + `why it cannot in the ${WRITABLE_ROOT_ANNOTATION} annotation of the pod template (keelson: allowWritableRootFilesystem: { reason }).`,
    severity: 'error',
    references: ['kube-linter: no-read-only-root-fs', 'Polaris: notReadOnlyRootFilesystem', 'kube-score: container-security-context-readonlyrootfilesystem', 'CKV_K8S_22'],
    check: (spec, target) => {
      const waived = writableRootContainers(podAnnotations(target.object)[WRITABLE_ROOT_ANNOTATION]);
      return containersOf(spec)
        .filter((r) => r.container.securityContext?.readOnlyRootFilesystem !== true && !waived(String(r.container.name)))
        .map((r) => `${describeContainer(r)} has a writable root file system (readOnlyRootFilesystem is not true)`);
    },
  }),
  definePodCheck({
    id: 'image-pull-policy',
    description: 'An image that is not pinned (no tag, or latest) is pulled on every start (imagePullPolicy Always, the default for '
      + 'such images), so nodes do not run different stale copies; and no container uses Never, which fails on any node that lacks the '
      + 'image. A pinned image may use IfNotPresent (its default): the tag names one build. (Checking pull credentials on every '
      + 'start, the other reason peers give for Always, is the AlwaysPullImages admission plugin\'s job.)',
    remediation: 'Pin the image (repo:1.2.3 or repo@sha256:<digest>) and use IfNotPresent, or set imagePullPolicy: Always; never Never.',
    severity: 'warning',
    references: ['Polaris: pullPolicyNotAlways (differs: asks Always of every image)', 'kube-score: container-image-pull-policy (differs: asks Always of every image)', 'CKV_K8S_15'],
    check: (spec) => containersOf(spec).flatMap((r) => {
      const policy = r.container.imagePullPolicy;
      if (policy === 'Never') {
        return [`${describeContainer(r)} has imagePullPolicy Never: it cannot start on a node without the image`];
      }
      const pinned = typeof r.container.image === 'string' && PINNED_IMAGE.test(r.container.image);
      return !pinned && policy !== undefined && policy !== 'Always'
        ? [`${describeContainer(r)} has imagePullPolicy ${policy} for image "${r.container.image}", which is not pinned: nodes keep whatever copy they pulled first`]
        : [];
    }),
  }),
  definePodCheck({
    id: 'resources-ephemeral-storage',
    description: 'A container that can fill the node\'s disk without bound sets an ephemeral-storage request and limit: one with a writable '
      + 'root file system, or one that mounts an emptyDir on disk without sizeLimit. A container with a read-only root file system that '
      + 'writes only to size-limited emptyDirs (what keelson renders) is bounded already (the kubelet evicts a pod whose emptyDir '
      + 'outgrows its sizeLimit), and needs none.',
    remediation: 'Set resources.requests and resources.limits of ephemeral-storage, or make the root file system read-only and give every emptyDir a sizeLimit.',
    severity: 'warning',
    references: ['kube-score: container-ephemeral-storage-request-and-limit', 'kube-linter: unset-ephemeral-storage-requirements'],
    check: (spec) => {
      const unbounded = new Set(mapsOf(spec.volumes)
        .filter((v) => isMap(v.emptyDir) && v.emptyDir.medium !== 'Memory' && v.emptyDir.sizeLimit === undefined).map((v) => v.name));
      return containersOf(spec).filter((r) => r.type !== 'ephemeralContainer').flatMap((r) => {
        const writableRoot = r.container.securityContext?.readOnlyRootFilesystem !== true;
        const mounts = mapsOf(r.container.volumeMounts).filter((m) => unbounded.has(m.name) && m.readOnly !== true).map((m) => `"${m.name}"`);
        if (!writableRoot && mounts.length === 0) {
          return [];
        }
        const missing = (['requests', 'limits'] as const).filter((k) => r.container.resources?.[k]?.['ephemeral-storage'] === undefined)
          .map((k) => (k === 'requests' ? 'request' : 'limit'));
        const why = writableRoot ? 'a writable root file system' : `emptyDir ${mounts.join(', ')} without sizeLimit`;
        return missing.length > 0 ? [`${describeContainer(r)} has ${why} but no ephemeral-storage ${missing.join(' or ')}`] : [];
      });
    },
  }),
  definePodCheck({
    id: 'container-ssh-port',
    description: 'No container declares TCP port 22: an SSH server inside a container bypasses the API server\'s authentication, RBAC and '
      + 'audit log (use kubectl exec or debug instead).',
    remediation: 'Remove the SSH server and port 22; if a service that is not SSH must use 22, or an SSH server is vetted, suppress with the reason.',
    severity: 'error',
    references: ['kube-linter: ssh-port'],
    check: (spec) => containersOf(spec).flatMap((r) => mapsOf(r.container.ports)
      .filter((p) => p.containerPort === 22 && protocolOf(p) === 'TCP')
      .map((p) => `${describeContainer(r)} declares port 22${typeof p.name === 'string' ? ` ("${p.name}")` : ''}, the SSH port`)),
  }),
  definePodCheck({
    id: 'container-port-valid',
    description: 'Each declared container port has a containerPort from 1 to 65535 and, when named, an IANA service name (1-15 lowercase '
      + 'letters, digits or "-", at least one letter) unique within the pod: the API server refuses anything else, and a Service\'s '
      + 'targetPort can only name a port that exists.',
    remediation: 'Give every port a containerPort from 1 to 65535 and a short unique name such as "http" or "grpc-metrics".',
    severity: 'error',
    references: ['kube-linter: invalid-target-ports', 'kube-score: container-ports-check'],
    check: (spec) => {
      const seen = new Set<string>();
      return containersOf(spec).filter((r) => r.type !== 'ephemeralContainer').flatMap((r) => mapsOf(r.container.ports).flatMap((p, i) => {
        const at = `${describeContainer(r)} port ${typeof p.name === 'string' ? `"${p.name}"` : i}`;
        const n = p.containerPort;
        const problems = [
          ...(!(Number.isInteger(n) && n >= 1 && n <= 65535) ? [`${at} has containerPort ${JSON.stringify(n) ?? '(unset)'}, not a port number from 1 to 65535`] : []),
          ...(p.name !== undefined && !PORT_NAME.test(p.name) ? [`${at}: the name is not ${PORT_NAME.description}`] : []),
          ...(typeof p.name === 'string' && seen.has(p.name) ? [`${at}: another port of the pod has the same name`] : []),
        ];
        if (typeof p.name === 'string') {
          seen.add(p.name);
        }
        return problems;
      }));
    },
  }),
];

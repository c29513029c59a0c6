/** Volume types the Pod Security "restricted" level allows. */
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * The rules of the Pod Security Standards "restricted" level (Kubernetes 1.32) that a pod spec violates.
 * Written from the standard's table, independently of the constructs under test.
 */
export function restrictedViolations(pod: any): string[] {
  const problems: string[] = [];
  const containers = [...(pod.containers ?? []), ...(pod.initContainers ?? []), ...(pod.ephemeralContainers ?? [])];
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (pod[key]) problems.push(`${key} is set`);
  }
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!type || !RESTRICTED_VOLUMES.includes(type)) problems.push(`volume ${v.name} has type ${type}`);
  }
  const podCtx = pod.securityContext ?? {};
  if (podCtx.runAsUser === 0) problems.push('pod runs as UID 0');
  for (const c of containers) {
    const ctx = c.securityContext ?? {};
    const name = `container ${c.name}`;
    if (ctx.privileged) problems.push(`${name} is privileged`);
    if (ctx.allowPrivilegeEscalation !== false) problems.push(`${name} allows privilege escalation`);
    if (!(ctx.runAsNonRoot ?? podCtx.runAsNonRoot)) problems.push(`${name} may run as root`);
    if ((ctx.runAsUser ?? podCtx.runAsUser) === 0) problems.push(`${name} runs as UID 0`);
    const seccomp = (ctx.seccompProfile ?? podCtx.seccompProfile)?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${name} has seccomp ${seccomp}`);
    if (!(ctx.capabilities?.drop ?? []).includes('ALL')) problems.push(`${name} does not drop ALL capabilities`);
    for (const cap of ctx.capabilities?.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') problems.push(`${name} adds capability ${cap}`);
    }
    for (const p of c.ports ?? []) {
      if (p.hostPort) problems.push(`${name} uses hostPort ${p.hostPort}`);
    }
  }
  return problems;
}

/** The pod template spec of a workload manifest. */
export function podSpecOf(m: any): any {
  return m.kind === 'Pod' ? m.spec : m.spec.template.spec;
}

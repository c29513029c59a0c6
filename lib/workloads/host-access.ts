import { PropsValidator } from '../core/validator';

/**
 * What a node agent may do on its node beyond Pod Security "restricted". Every field is off by default, and any of
 * them needs the reason. The pods are then admitted only in a namespace whose Pod Security level allows it
 * (baseline for host ports; privileged for the rest): the policy checks hold the pods to their namespace's level.
 */
export interface HostAccess {
  /** Why the agent needs the node; recorded on the pod template. */
  readonly reason: string;
  /**
   * Use the node's network namespace (hostNetwork), e.g. a CNI or a node-local DNS cache.
   * @default false
   */
  readonly network?: boolean;
  /**
   * See the node's processes (hostPID), e.g. a process monitor.
   * @default false
   */
  readonly pid?: boolean;
  /**
   * Share the node's IPC namespace (hostIPC).
   * @default false
   */
  readonly ipc?: boolean;
  /**
   * Publish the container ports on the node's address too (hostPort = containerPort).
   * @default false
   */
  readonly ports?: boolean;
  /**
   * Run the containers privileged (every capability and device).
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Linux capabilities to add, e.g. ["NET_ADMIN"], on top of the dropped set.
   * @default none
   */
  readonly capabilities?: string[];
  /**
   * Run as root (UID 0): for agents that read root-owned files of the node, such as container logs.
   * @default false (the pods run as non-root)
   */
  readonly runAsRoot?: boolean;
}

const CAPABILITY = /^[A-Z][A-Z_]*$/;

/** Checks host access props. */
export function validateHostAccess(v: PropsValidator, access: HostAccess | undefined): void {
  if (access === undefined || !v.knownProps('hostAccess', access, ['reason', 'network', 'pid', 'ipc', 'ports', 'privileged', 'capabilities', 'runAsRoot'])) {
    return;
  }
  v.check(typeof access.reason === 'string' && access.reason.trim().length > 0, 'hostAccess.reason', access.reason,
    'a reason why the pods need the node (it is recorded on the pod template)');
  (access.capabilities ?? []).forEach((c, i) => v.check(CAPABILITY.test(c) && !c.startsWith('CAP_') && c !== 'ALL', `hostAccess.capabilities[${i}]`, c,
    'a capability name without the "CAP_" prefix, such as "NET_ADMIN" (not "ALL": use privileged for that)'));
  for (const key of ['network', 'pid', 'ipc', 'ports', 'privileged', 'runAsRoot'] as const) {
    v.check(access[key] === undefined || typeof access[key] === 'boolean', `hostAccess.${key}`, access[key], 'true or false');
  }
}

/** What the host access grants, as one line for the pod template's annotation. */
export function describeHostAccess(access: HostAccess): string {
  const granted = [
    access.network && 'hostNetwork', access.pid && 'hostPID', access.ipc && 'hostIPC', access.ports && 'hostPort', access.privileged && 'privileged',
    access.runAsRoot && 'root', ...(access.capabilities ?? []).map((c) => `+${c}`),
  ].filter(Boolean);
  return `${granted.join(', ') || 'node access'}: ${access.reason}`;
}

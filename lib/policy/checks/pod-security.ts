import { definePodCheck } from '../define';
import { ContainerRef, containersOf, describeContainer, isMap, listOf, mapsOf, podAnnotations } from '../pods';
import { PolicyCheck } from '../types';

// The Pod Security Standards (Kubernetes 1.32), one check per control: the Baseline level first, then what
// Restricted adds. https://kubernetes.io/docs/concepts/security/pod-security-standards/
// Each check names its level (`podSecurityLevel`): a namespace that enforces a weaker level, with a recorded reason,
// waives it for its objects (see namespace-levels.ts), and the findings are listed as suppressed.

const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Messages for every container whose security context fails `bad`. */
function perContainer(spec: any, bad: (ctx: any, ref: ContainerRef) => string | undefined): string[] {
  return containersOf(spec).flatMap((ref) => {
    const problem = bad(isMap(ref.container.securityContext) ? ref.container.securityContext : {}, ref);
    return problem ? [`${describeContainer(ref)} ${problem}`] : [];
  });
}

const PSS = 'Pod Security Standards';

export const POD_SECURITY_CHECKS: PolicyCheck[] = [
  definePodCheck({
    id: 'pss-host-process',
    description: 'Windows HostProcess containers are not allowed (Baseline).',
    remediation: 'Remove securityContext.windowsOptions.hostProcess.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: HostProcess`, 'Polaris: hostProcess'],
    check: (spec) => [
      ...(spec.securityContext?.windowsOptions?.hostProcess ? ['the pod sets windowsOptions.hostProcess: true'] : []),
      ...perContainer(spec, (c) => (c.windowsOptions?.hostProcess ? 'sets windowsOptions.hostProcess: true' : undefined)),
    ],
  }),
  definePodCheck({
    id: 'pss-host-namespaces',
    description: 'Pods do not share the host network, PID or IPC namespaces (Baseline).',
    remediation: 'Remove hostNetwork, hostPID and hostIPC from the pod spec.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: Host Namespaces`, 'kube-linter: host-network, host-pid, host-ipc', 'Polaris: hostNetworkSet, hostPIDSet, hostIPCSet', 'CKV_K8S_17/18/19'],
    check: (spec) => ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => spec[k] === true).map((k) => `the pod sets ${k}: true`),
  }),
  definePodCheck({
    id: 'pss-privileged',
    description: 'Containers are not privileged (Baseline).',
    remediation: 'Set securityContext.privileged: false, or remove it.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: Privileged Containers`, 'kube-linter: privileged-container', 'Polaris: runAsPrivileged', 'kube-score: container-security-context-privileged', 'CKV_K8S_16'],
    check: (spec) => perContainer(spec, (c) => (c.privileged === true ? 'is privileged' : undefined)),
  }),
  definePodCheck({
    id: 'pss-capabilities-baseline',
    description: 'Containers add no capabilities beyond the Baseline set.',
    remediation: `Add only capabilities from: ${BASELINE_CAPABILITIES.join(', ')}.`,
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: Capabilities (Baseline)`, 'Polaris: dangerousCapabilities', 'CKV_K8S_25/39'],
    check: (spec) => perContainer(spec, (c) => {
      const extra = listOf(c.capabilities?.add).filter((cap: unknown) => !BASELINE_CAPABILITIES.includes(String(cap)));
      return extra.length > 0 ? `adds capabilities ${extra.join(', ')}` : undefined;
    }),
  }),
  definePodCheck({
    id: 'pss-host-path',
    description: 'Pods mount no hostPath volumes (Baseline).',
    remediation: 'Replace hostPath volumes with emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: HostPath Volumes`, 'kube-linter: sensitive-host-mounts, docker-sock', 'Polaris: hostPathSet', 'CKV_K8S_27'],
    check: (spec) => mapsOf(spec.volumes).filter((v) => v.hostPath).map((v) => `volume "${v.name}" mounts host path ${v.hostPath?.path}`),
  }),
  definePodCheck({
    id: 'pss-host-ports',
    description: 'Containers bind no host ports (Baseline).',
    remediation: 'Remove hostPort; expose the pod through a Service instead.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: Host Ports`, 'Polaris: hostPortSet', 'CKV_K8S_26'],
    check: (spec) => containersOf(spec).flatMap((ref) => mapsOf(ref.container.ports)
      .filter((p: any) => p.hostPort).map((p: any) => `${describeContainer(ref)} binds host port ${p.hostPort}`)),
  }),
  definePodCheck({
    id: 'pss-apparmor',
    description: 'AppArmor is not disabled (Baseline).',
    remediation: 'Use the RuntimeDefault or a Localhost AppArmor profile; never Unconfined.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: AppArmor`],
    check: (spec, target) => [
      ...(spec.securityContext?.appArmorProfile?.type === 'Unconfined' ? ['the pod sets appArmorProfile Unconfined'] : []),
      ...perContainer(spec, (c) => (c.appArmorProfile?.type === 'Unconfined' ? 'sets appArmorProfile Unconfined' : undefined)),
      ...Object.entries(podAnnotations(target.object))
        .filter(([k, v]) => k.startsWith('container.apparmor.security.beta.kubernetes.io/') && v !== 'runtime/default' && !String(v).startsWith('localhost/'))
        .map(([k, v]) => `annotation ${k} is "${v}"`),
    ],
  }),
  definePodCheck({
    id: 'pss-selinux',
    description: 'SELinux options use a container type only and set no custom user or role (Baseline).',
    remediation: `Leave seLinuxOptions.user and role unset; use a type from: ${SELINUX_TYPES.filter(Boolean).join(', ')}.`,
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: SELinux`],
    check: (spec) => {
      const bad = (o: any) => o && (!SELINUX_TYPES.includes(o.type ?? '') || o.user || o.role);
      return [
        ...(bad(spec.securityContext?.seLinuxOptions) ? ['the pod sets disallowed seLinuxOptions'] : []),
        ...perContainer(spec, (c) => (bad(c.seLinuxOptions) ? 'sets disallowed seLinuxOptions' : undefined)),
      ];
    },
  }),
  definePodCheck({
    id: 'pss-proc-mount',
    description: 'The /proc mount type is Default (Baseline).',
    remediation: 'Remove securityContext.procMount or set it to Default.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: /proc Mount Type`, 'Polaris: procMount', 'kube-linter: unsafe-proc-mount'],
    check: (spec) => perContainer(spec, (c) => (c.procMount && c.procMount !== 'Default' ? `sets procMount ${c.procMount}` : undefined)),
  }),
  definePodCheck({
    id: 'pss-seccomp-baseline',
    description: 'Seccomp is not explicitly disabled (Baseline).',
    remediation: 'Set seccompProfile.type to RuntimeDefault (or Localhost), never Unconfined.',
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: Seccomp (Baseline)`],
    check: (spec) => [
      ...(spec.securityContext?.seccompProfile?.type === 'Unconfined' ? ['the pod sets seccompProfile Unconfined'] : []),
      ...perContainer(spec, (c) => (c.seccompProfile?.type === 'Unconfined' ? 'sets seccompProfile Unconfined' : undefined)),
    ],
  }),
  definePodCheck({
    id: 'pss-sysctls',
    description: 'Only safe sysctls are set (Baseline).',
    remediation: `Set only these sysctls: ${SAFE_SYSCTLS.join(', ')}.`,
    severity: 'error',
    podSecurityLevel: 'baseline',
    references: [`${PSS}: Sysctls`, 'kube-linter: unsafe-sysctls'],
    check: (spec) => mapsOf(spec.securityContext?.sysctls).filter((s) => !SAFE_SYSCTLS.includes(s.name)).map((s) => `the pod sets unsafe sysctl ${s.name}`),
  }),
  definePodCheck({
    id: 'pss-volume-types',
    description: 'Pods use only the volume types the Restricted level allows.',
    remediation: `Use only ${RESTRICTED_VOLUMES.join(', ')} volumes.`,
    severity: 'error',
    podSecurityLevel: 'restricted',
    references: [`${PSS}: Volume Types (Restricted)`],
    check: (spec) => mapsOf(spec.volumes).flatMap((v: any) => {
      const type = Object.keys(v).find((k) => k !== 'name');
      return type && RESTRICTED_VOLUMES.includes(type) ? [] : [`volume "${v.name}" has type ${type}`];
    }),
  }),
  definePodCheck({
    id: 'pss-privilege-escalation',
    description: 'Containers cannot gain privileges: allowPrivilegeEscalation is false (Restricted).',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
    severity: 'error',
    podSecurityLevel: 'restricted',
    references: [`${PSS}: Privilege Escalation (Restricted)`, 'kube-linter: privilege-escalation-container', 'Polaris: privilegeEscalationAllowed', 'CKV_K8S_20'],
    check: (spec) => perContainer(spec, (c) => (c.allowPrivilegeEscalation !== false ? 'does not set allowPrivilegeEscalation: false' : undefined)),
  }),
  definePodCheck({
    id: 'pss-run-as-non-root',
    description: 'Containers must run as non-root: runAsNonRoot is true (Restricted).',
    remediation: 'Set securityContext.runAsNonRoot: true on the pod (and do not override it with false).',
    severity: 'error',
    podSecurityLevel: 'restricted',
    references: [`${PSS}: Running as Non-root (Restricted)`, 'kube-linter: run-as-non-root', 'Polaris: runAsRootAllowed', 'CKV_K8S_23'],
    check: (spec) => perContainer(spec, (c) => ((c.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) !== true ? 'may run as root (runAsNonRoot is not true)' : undefined)),
  }),
  definePodCheck({
    id: 'pss-run-as-user',
    description: 'No container runs as UID 0 (Restricted).',
    remediation: 'Set runAsUser to a non-zero UID, or leave it to the image.',
    severity: 'error',
    podSecurityLevel: 'restricted',
    references: [`${PSS}: Running as Non-root user (Restricted)`, 'CKV_K8S_40'],
    check: (spec) => [
      ...(spec.securityContext?.runAsUser === 0 ? ['the pod sets runAsUser: 0'] : []),
      ...perContainer(spec, (c) => (c.runAsUser === 0 ? 'sets runAsUser: 0' : undefined)),
    ],
  }),
  definePodCheck({
    id: 'pss-seccomp-restricted',
    description: 'A seccomp profile is set: RuntimeDefault or Localhost (Restricted).',
    remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod.',
    severity: 'error',
    podSecurityLevel: 'restricted',
    references: [`${PSS}: Seccomp (Restricted)`, 'Polaris: linuxHardening', 'kube-score: container-seccomp-profile', 'CKV_K8S_31/32'],
    check: (spec) => perContainer(spec, (c) => {
      const type = c.seccompProfile?.type ?? spec.securityContext?.seccompProfile?.type;
      return type === 'RuntimeDefault' || type === 'Localhost' ? undefined : `has seccomp profile ${type ?? 'unset'}`;
    }),
  }),
  definePodCheck({
    id: 'pss-capabilities-restricted',
    description: 'Containers drop ALL capabilities and add back at most NET_BIND_SERVICE (Restricted).',
    remediation: 'Set securityContext.capabilities: { drop: [ALL] } (add: [NET_BIND_SERVICE] only if needed).',
    severity: 'error',
    podSecurityLevel: 'restricted',
    references: [`${PSS}: Capabilities (Restricted)`, 'kube-linter: drop-net-raw-capability', 'Polaris: insecureCapabilities', 'CKV_K8S_28/37'],
    check: (spec) => perContainer(spec, (c) => {
      if (!listOf(c.capabilities?.drop).includes('ALL')) {
        return 'does not drop ALL capabilities';
      }
      const extra = listOf(c.capabilities?.add).filter((cap: unknown) => cap !== 'NET_BIND_SERVICE');
      return extra.length > 0 ? `adds ${extra.join(', ')}` : undefined;
    }),
  }),
];

import { appDescription } from '../catalogue';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { AppDefinition } from '../../lib/output/synth-apps';
import { PodSecurityProfile } from '../../lib/security/pod-security-profile';
import { SecureNamespace } from '../../lib/security/secure-namespace';

/** The volume types of the book's unprivileged-psp (S08): the "restricted" set without csi and ephemeral. */
const S08_VOLUMES = ['configMap', 'emptyDir', 'projected', 'secret', 'downwardAPI', 'persistentVolumeClaim'];

/**
 * The books' PodSecurityPolicies on the APIs that replaced them: each PSP becomes a {@link PodSecurityProfile}
 * (a Pod Security Admission level plus a CEL ValidatingAdmissionPolicy for what the level cannot express),
 * applied to its own namespace by label. The PSP-era RBAC that granted `use` of a PSP (S06/S07, K26/K27) has no
 * successor: the namespace label decides which profile applies.
 *
 * - Cloud Native with Kubernetes ch. 12: S05 privileged-psp, S08 unprivileged-psp, S09 specific-user-psp.
 * - The Kubernetes Workshop ch. 13: K23 psp-example (Exercise 13.03), which rejects the K24 `rooter` pod.
 */
export class PodSecurityStack extends AppStack {
  /** The profiles, by the book's PSP name. */
  public readonly profiles: Record<string, PodSecurityProfile> = {};

  public constructor(scope: Construct, id: string) {
    super(scope, id);

    // S05: everything the host offers, for node agents. Host ports stay limited to the book's 2000-65535.
    this.apply('privileged', new PodSecurityProfile(this, 'privileged-psp', {
      privileged: true,
      allowPrivilegeEscalation: true,
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      hostPorts: [{ min: 2000, max: 65535 }],
      volumes: ['*'],
      runAsUser: { rule: 'RunAsAny' },
      allowedCapabilities: ['*'],
      requiredDropCapabilities: [],
      allowedSeccompProfiles: ['RuntimeDefault', 'Localhost', 'Unconfined'],
      reason: 'privileged-psp (Cloud Native with Kubernetes S05): node agents that need the host namespaces, devices and any capability',
    }));

    // S08: non-root, no escalation, the book's six volume types, fsGroup and supplementalGroups 1-65535.
    this.apply('unprivileged', new PodSecurityProfile(this, 'unprivileged-psp', {
      volumes: S08_VOLUMES,
      runAsUser: { rule: 'MustRunAsNonRoot' },
      fsGroup: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] },
      supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 65535 }] },
      allowedCapabilities: [],
    }));

    // S09: UIDs 1-3000 only, set explicitly on the pod or container.
    this.apply('specific-user', new PodSecurityProfile(this, 'specific-user-psp', {
      runAsUser: { rule: 'MustRunAs', ranges: [{ min: 1, max: 3000 }] },
      allowedCapabilities: [],
    }));

    // K23: non-root, fsGroup 655, supplementalGroups 1-2500.
    this.apply('psp-example', new PodSecurityProfile(this, 'psp-example', {
      privileged: false,
      runAsUser: { rule: 'MustRunAsNonRoot' },
      fsGroup: { rule: 'MustRunAs', ranges: [{ min: 655, max: 655 }] },
      supplementalGroups: { rule: 'MustRunAs', ranges: [{ min: 1, max: 2500 }] },
      allowedCapabilities: [],
    }));
  }

  private apply(namespace: string, profile: PodSecurityProfile): void {
    this.profiles[profile.name] = profile;
    new SecureNamespace(this, `${namespace}-namespace`, { name: namespace, podSecurityProfile: profile });
  }
}

/** The books' PodSecurityPolicies as Pod Security Admission levels plus CEL admission policies. */
export const podSecurityApp: AppDefinition = {
  name: 'security-pod-security',
  description: appDescription('security-pod-security'),
  build: (app) => new PodSecurityStack(app, 'security-pod-security'),
};

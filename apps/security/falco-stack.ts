import { IMAGES as CKA_IMAGES } from '../cka/images';
import { appDescription } from '../catalogue';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { AppDefinition } from '../../lib/output/synth-apps';
import { FalcoInstall } from '../../lib/security/falco-install';
import { FALCO_RULES_EXTERNALS, FalcoRuleFile, K8S_AUDIT_RULES_EXTERNALS } from '../../lib/security/falco-rules';
import { PLATFORM } from '../eks-platform/platform';

/**
 * Image repositories that may run in the cluster, for the book's "Create Disallowed Pod" rule (as Falco reads them
 * from the pod spec: `redis:7.4.2` has the repository `redis`). These are the images of Falco and of this
 * repository's example apps; put your own registries here.
 */
export const ALLOWED_IMAGE_REPOSITORIES: readonly string[] = [...new Set([
  // The CKA apps' images (apps/cka/images.ts), without their tags.
  ...Object.values(CKA_IMAGES).map((image) => image.slice(0, image.lastIndexOf(':'))),
  'docker.io/falcosecurity/falco',
  'envoyproxy/envoy',
  'hashicorp/http-echo',
  'mendhak/http-https-echo',
  'mysql',
  'nginxinc/nginx-unprivileged',
  'packtworkshops/the-kubernetes-workshop',
  'redis',
  'registry.example.com/delayed-job-controller',
  'registry.example.com/functions/hello',
  'registry.example.com/monkey-operator',
  'registry.example.com/my-awesome-cron-image',
  'registry.example.com/my-custom-webhook-server',
])].sort();

/**
 * The book's syscall rules (Cloud Native with Kubernetes ch. 12, `custom-falco.yaml`), fixed for Falco 0.44 with
 * the stable ruleset: "Launch Privileged Container" and the macros and list it uses. See apps/security/README.md
 * for each change.
 */
export const BOOK_SYSCALL_RULES: FalcoRuleFile = {
  name: 'my-rules.yaml',
  items: [
    {
      rule: 'Launch Privileged Container',
      desc: 'Detect the initial process started in a privileged container. Exceptions are made for known trusted images.',
      condition: [
        'container_started and container',
        'and container.privileged=true',
        'and not falco_privileged_containers',
        'and not user_privileged_containers',
      ].join('\n'),
      // %container.info printed nothing since Falco 0.41; the image fields say which container it was.
      output: 'Privileged container started (user=%user.name command=%proc.cmdline container=%container.name image=%container.image.repository:%container.image.tag)',
      // As in the book; written as INFORMATIONAL, the documented spelling.
      priority: 'INFO',
      tags: ['container', 'cis', 'mitre_privilege_escalation', 'mitre_lateral_movement'],
    },
    // With the container plugin (Falco 0.41+) the "container" event comes before the first process, so the first
    // process (vpid 1) marks the start.
    { macro: 'container_started', condition: '(spawned_process and proc.vpid=1)' },
    {
      macro: 'falco_privileged_containers',
      condition: [
        '(container.image.repository in (trusted_images)',
        ' or container.image.repository in (falco_privileged_images)',
        ' or container.image.repository startswith istio/proxy_',
        ' or container.image.repository startswith quay.io/sysdig/)',
      ].join('\n'),
    },
    // An exact repository: the book's "endswith sysdig/agent" also exempted e.g. docker.io/evil-sysdig/agent.
    { macro: 'user_privileged_containers', condition: '(container.image.repository = docker.io/sysdig/agent)' },
    { list: 'trusted_images', items: [] },
  ],
  externals: [{ from: FALCO_RULES_EXTERNALS.from, macros: ['container', 'spawned_process'], lists: ['falco_privileged_images'] }],
};

/**
 * The book's k8s_audit rules, "Create Disallowed Pod" and "Create HostNetwork Pod", for the k8saudit ruleset of
 * today, with the allow-list that the first rule needs to ever fire.
 */
export function bookK8sAuditRules(allowedImageRepositories: readonly string[] = ALLOWED_IMAGE_REPOSITORIES): FalcoRuleFile {
  return {
    name: 'my-k8s-audit-rules.yaml',
    items: [
      {
        rule: 'Create Disallowed Pod',
        desc: 'Detect an attempt to start a pod with a container image outside of a list of allowed images.',
        condition: 'kevt and pod and kcreate and not allowed_k8s_containers',
        output: 'Pod started with container not in allowed list (user=%ka.user.name pod=%ka.resp.name ns=%ka.target.namespace images=%ka.req.pod.containers.image)',
        priority: 'WARNING',
        source: 'k8s_audit',
        tags: ['k8s'],
      },
      {
        rule: 'Create HostNetwork Pod',
        desc: 'Detect an attempt to start a pod using the host network.',
        // falco_hostnetwork_images was renamed k8s_audit_hostnetwork_images (k8saudit 0.8).
        condition: 'kevt and pod and kcreate and ka.req.pod.host_network intersects (true) and not ka.req.pod.containers.image.repository in (k8s_audit_hostnetwork_images)',
        output: 'Pod started using host network (user=%ka.user.name pod=%ka.resp.name ns=%ka.target.namespace images=%ka.req.pod.containers.image)',
        priority: 'WARNING',
        source: 'k8s_audit',
        tags: ['k8s'],
      },
      // Upstream, allowed_k8s_containers is always true, so the book's rule never fired. kube-system belongs to EKS.
      {
        macro: 'allowed_k8s_containers',
        condition: '(ka.req.pod.containers.image.repository in (allowed_image_repositories) or ka.target.namespace = kube-system)',
      },
      { list: 'allowed_image_repositories', items: [...allowedImageRepositories] },
    ],
    externals: [{ from: K8S_AUDIT_RULES_EXTERNALS.from, macros: ['kcreate', 'kevt', 'pod'], lists: ['k8s_audit_hostnetwork_images'] }],
  };
}

/** The book's rules, split by source (syscall and k8s_audit rules run in different Falco instances). */
export const BOOK_K8S_AUDIT_RULES: FalcoRuleFile = bookK8sAuditRules();

/**
 * Cloud Native with Kubernetes ch. 12 (A4): Falco with the book's custom rules. The DaemonSet reads system calls
 * through the modern eBPF probe; a one-replica Deployment reads the EKS audit log from CloudWatch Logs with the
 * k8saudit-eks plugin (the book's k8s_audit rules predate the plugins).
 */
export class FalcoStack extends AppStack {
  /** The install. */
  public readonly falco: FalcoInstall;

  public constructor(scope: Construct, id: string) {
    super(scope, id);
    this.falco = new FalcoInstall(this, 'falco', {
      ruleFiles: [BOOK_SYSCALL_RULES, BOOK_K8S_AUDIT_RULES],
      k8sAudit: { plugin: 'k8saudit-eks', clusterName: PLATFORM.clusterName, region: PLATFORM.region },
    });
  }
}

/** Cloud Native with Kubernetes ch. 12: runtime security with Falco. */
export const falcoApp: AppDefinition = {
  name: 'security-falco',
  description: appDescription('security-falco'),
  build: (app) => new FalcoStack(app, 'security-falco'),
};

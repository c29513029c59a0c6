import { Construct, IConstruct } from 'constructs';
import { PLAINTEXT_WEBHOOK_REASON_ANNOTATION } from '../core/annotations';
import { DNS_LABEL } from '../core/formats';
import { propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, checkUnique, checkedScope, isObject, reportUnder } from '../core/validator';
import { namespaceOwnedByInstall } from '../extension/install-namespaces';
import { CHART_VERSION, PinnedHelmRelease } from '../extension/pinned-helm-release';
import { validateFalcoRuleFile } from './falco-rule-checks';
import { FalcoRuleFile, falcoFileSources, falcoRuleSource, isFalcoRule, renderFalcoRuleFile } from './falco-rules';
import { SecureNamespace } from './secure-namespace';

/** How Falco reads system calls: the modern eBPF probe (no kernel module, kernel >= 5.8), or the kernel module. */
export type FalcoDriver = 'modern_ebpf' | 'kmod';

/** Where Falco reads Kubernetes audit events from (the `k8s_audit` source). */
export interface FalcoK8sAudit {
  /**
   * "k8saudit-eks" polls the EKS control-plane audit log in CloudWatch Logs; "k8saudit" serves a webhook that the
   * API server posts audit events to (self-managed control planes: `--audit-webhook-config-file`).
   */
  readonly plugin: 'k8saudit' | 'k8saudit-eks';
  /**
   * Name of the EKS cluster (k8saudit-eks only; required there).
   * @default none
   */
  readonly clusterName?: string;
  /**
   * AWS region of the EKS cluster (k8saudit-eks only; required there).
   * @default none
   */
  readonly region?: string;
  /**
   * Accepts that the API server posts audit events (request bodies included) to the webhook over plain HTTP inside the
   * cluster, with the reason (k8saudit only; required there). Recorded on the pods.
   * @default none
   */
  readonly plaintextWebhook?: AcceptedRisk;
}

/** Props of a {@link FalcoInstall}. */
export interface FalcoInstallProps {
  /**
   * Version of the falcosecurity/falco chart (exact).
   * @default FALCO_CHART_VERSION ("9.1.0", Falco 0.44.1)
   */
  readonly chartVersion?: string;
  /**
   * Namespace of Falco.
   * @default "falco"
   */
  readonly namespace?: string;
  /**
   * The system call driver.
   * @default "modern_ebpf"
   */
  readonly driver?: FalcoDriver;
  /**
   * Runs the Falco container privileged instead of with the four capabilities the modern eBPF probe needs
   * (BPF, PERFMON, SYS_RESOURCE, SYS_PTRACE); required with the "kmod" driver. The reason is recorded on the
   * Namespace.
   * @default least privileged (capabilities only)
   */
  readonly privileged?: { readonly reason: string };
  /**
   * Custom rules files, loaded after the default rulesets. Each file holds rules of one source: syscall files go
   * to the Falco DaemonSet, k8s_audit files to the audit instance (which needs `k8sAudit`).
   * @default none: only the stable ruleset (falco_rules.yaml)
   */
  readonly ruleFiles?: FalcoRuleFile[];
  /**
   * Reads Kubernetes audit events too, in a second Falco instance (a one-replica Deployment without driver, so
   * every event is seen once) with the k8saudit ruleset.
   * @default no audit events
   */
  readonly k8sAudit?: FalcoK8sAudit;
}

/**
 * The falcosecurity/falco chart version: 9.1.0 ships Falco 0.44.1 (github.com/falcosecurity/charts, release
 * falco-9.1.0 and charts/falco/CHANGELOG.md "v9.1.0: Upgrade Falco to v0.44.1").
 */
export const FALCO_CHART_VERSION = '9.1.0';
/** The chart repository. */
export const FALCO_CHART_REPOSITORY = { name: 'falcosecurity', url: 'https://falcosecurity.github.io/charts' };
/** falcoctl artifacts: the stable ruleset series the chart installs, and the k8saudit plugins with their ruleset. */
const FALCO_RULES_REF = 'falco-rules:5';
const K8SAUDIT_RULES_REF = 'k8saudit-rules:0.16';
const PLUGIN_REFS = { 'k8saudit': 'k8saudit:0.16', 'k8saudit-eks': 'k8saudit-eks:0.9', 'json': 'json:0.7' } as const;
/** Port of the k8saudit webhook (the plugin's documented open_params). */
export const K8SAUDIT_WEBHOOK_PORT = 9765;
/** CloudWatch Logs actions the k8saudit-eks plugin needs on `arn:aws:logs:<region>:<account>:log-group:/aws/eks/<cluster>/cluster:*`. */
export const K8SAUDIT_EKS_LOG_ACTIONS: readonly string[] = ['logs:Describe*', 'logs:FilterLogEvents', 'logs:Get*', 'logs:List*'];

const PROPS = propNames<FalcoInstallProps>()({
  chartVersion: true, namespace: true, driver: true, privileged: true, ruleFiles: true, k8sAudit: true,
});
const AUDIT_PROPS = propNames<FalcoK8sAudit>()({ plugin: true, clusterName: true, region: true, plaintextWebhook: true });
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const INSTALLS = new WeakMap<IConstruct, FalcoInstall>();
const MAX_REASON = 2000;

/**
 * Falco, the runtime threat detector, as pinned data: the falcosecurity/falco chart in the app's helmfile, a
 * DaemonSet reading system calls with the modern eBPF probe and only the capabilities it needs, the stable
 * ruleset plus typed custom rules files (checked at synth time, see {@link validateFalcoRuleFile}), and
 * optionally a second instance for Kubernetes audit events (k8saudit plugin, or k8saudit-eks on EKS).
 *
 * The namespace enforces Pod Security "privileged" (Falco mounts host paths and loads eBPF programs) and has no
 * default-deny policy: falcoctl downloads the rulesets and plugins from ghcr.io when the pods start, and the
 * audit webhook is called by the API server, from addresses that are not pods.
 *
 * Not a `Resource`: it writes Helm releases and a SecureNamespace construct (child `namespace`), no object of its own.
 */
export class FalcoInstall extends Construct {
  /** Namespace of Falco. */
  public readonly namespace: string;
  /** The chart version. */
  public readonly chartVersion: string;
  /** The Falco DaemonSet release (system calls). */
  public readonly release: PinnedHelmRelease;
  /** The audit release, when `k8sAudit` is set. */
  public readonly auditRelease?: PinnedHelmRelease;
  /** ServiceAccount of the audit pods (give it the CloudWatch Logs permissions with k8saudit-eks), when `k8sAudit` is set. */
  public readonly auditServiceAccount?: string;

  public constructor(scope: Construct, id: string, props: FalcoInstallProps = {}) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.knownProps('', props, PROPS)) {
      v.throwIfInvalid();
    }
    this.namespace = props.namespace ?? 'falco';
    this.chartVersion = props.chartVersion ?? FALCO_CHART_VERSION;
    const driver = props.driver ?? 'modern_ebpf';
    const audit = props.k8sAudit;

    v.check(CHART_VERSION.test(this.chartVersion), 'chartVersion', this.chartVersion,
      `an exact chart version such as "${FALCO_CHART_VERSION}" (SemVer 2, no ranges or "latest")`);
    v.format('namespace', this.namespace, DNS_LABEL, true);
    v.check(driver === 'modern_ebpf' || driver === 'kmod', 'driver', driver, '"modern_ebpf" or "kmod"');
    v.risk('privileged', props.privileged, 'Falco cannot run with capabilities only');
    checkReasonLength(v, 'privileged.reason', props.privileged);
    v.check(driver !== 'kmod' || props.privileged !== undefined, 'privileged', props.privileged,
      'a reason ({ reason }) to run Falco privileged, since the "kmod" driver loads a kernel module');
    if (v.knownProps('k8sAudit', audit, AUDIT_PROPS) && audit !== undefined) {
      if (v.check(audit.plugin === 'k8saudit' || audit.plugin === 'k8saudit-eks', 'k8sAudit.plugin', audit.plugin, '"k8saudit" or "k8saudit-eks"')) {
        const eks = audit.plugin === 'k8saudit-eks';
        v.check(!eks || (typeof audit.clusterName === 'string' && EKS_CLUSTER_NAME.test(audit.clusterName)), 'k8sAudit.clusterName', audit.clusterName,
          'the EKS cluster name (1-100 letters, digits, "-" or "_"), which names the CloudWatch log group the plugin reads');
        v.check(!eks || (typeof audit.region === 'string' && AWS_REGION.test(audit.region)), 'k8sAudit.region', audit.region, 'an AWS region such as "us-west-2"');
        v.check(eks || (audit.clusterName === undefined && audit.region === undefined), 'k8sAudit.clusterName', audit.clusterName ?? audit.region,
          'no cluster name or region with the "k8saudit" webhook (they are for "k8saudit-eks")');
        v.risk('k8sAudit.plaintextWebhook', audit.plaintextWebhook, 'audit events (request bodies included) may reach the webhook over plain HTTP');
        checkReasonLength(v, 'k8sAudit.plaintextWebhook.reason', audit.plaintextWebhook);
        v.check(eks || audit.plaintextWebhook !== undefined, 'k8sAudit.plaintextWebhook', audit.plaintextWebhook,
          'a reason why audit events (request bodies included) may reach the webhook over plain HTTP (plaintextWebhook: { reason }), or the "k8saudit-eks" plugin');
        v.check(!eks || audit.plaintextWebhook === undefined, 'k8sAudit.plaintextWebhook', audit.plaintextWebhook, 'no plaintextWebhook with "k8saudit-eks" (it reads CloudWatch, not a webhook)');
      }
    }
    const given = props.ruleFiles ?? [];
    const isList = v.check(Array.isArray(given), 'ruleFiles', given, 'a list of FalcoRuleFiles ({ name, items, externals })');
    // Entries that are not objects are reported here; the files' own checks see objects only.
    const files = (isList ? given : []).filter((f, i) => v.check(isObject(f), `ruleFiles[${i}]`, f, 'a FalcoRuleFile ({ name, items, externals })'));
    checkUnique(v, 'ruleFiles', files, (f) => (typeof f.name === 'string' ? f.name : undefined), 'a file name');
    const bySource = new Map<string, FalcoRuleFile[]>([['syscall', []], ['k8s_audit', []]]);
    files.forEach((file, i) => {
      const field = typeof file.name === 'string' ? `ruleFiles[${JSON.stringify(file.name)}]` : `ruleFiles[${given.indexOf(file)}]`;
      // A second file of the same name is reported as a duplicate only.
      if (files.findIndex((f) => f.name === file.name) < i || !validateFalcoRuleFile(v, field, file)) {
        return;
      }
      const sources = falcoFileSources(file);
      if (!v.check(sources.length === 1, field, sources.join(', '),
        'rules of one source per file: syscall and k8s_audit rules run in different Falco instances, so put them in separate files')) {
        return;
      }
      const source = sources[0];
      const rule = file.items.filter(isFalcoRule).find((r) => falcoRuleSource(r) === source);
      const ruleField = `${field}.rule[${JSON.stringify(rule?.rule)}].source`;
      if (source === 'k8s_audit') {
        v.check(audit !== undefined, ruleField, source,
          '"syscall", since no audit plugin is enabled: set k8sAudit ({ plugin: "k8saudit-eks", clusterName, region } or { plugin: "k8saudit", ... }) to read Kubernetes audit events');
      } else {
        v.check(source === 'syscall', ruleField, source, `"syscall" or "k8s_audit" (this install loads no plugin for the "${source}" source)`);
      }
      bySource.get(source)?.push(file);
    });
    v.check(!INSTALLS.has(this.node.root), 'FalcoInstall', this.node.path, `one Falco install per app (there is already ${INSTALLS.get(this.node.root)?.node.path})`);
    v.throwIfInvalid();
    INSTALLS.set(this.node.root, this);
    namespaceOwnedByInstall(this, 'namespace', this.namespace);

    const podSecurityReason = 'Falco mounts host paths (/proc, /etc, /sys/kernel, the container runtime sockets) and loads eBPF programs '
      + `with CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE and CAP_SYS_PTRACE${props.privileged ? `; its container is privileged: ${props.privileged.reason}` : ''}`;
    reportUnder(this, 'namespace', (f) => (f === 'name' ? 'namespace' : f.startsWith('weakerPodSecurity') ? 'privileged.reason' : f), () => new SecureNamespace(this, 'namespace', {
      name: this.namespace,
      podSecurityLevel: 'privileged',
      weakerPodSecurity: { reason: podSecurityReason },
      unrestrictedNetwork: {
        reason: 'falcoctl downloads the rulesets and plugins from ghcr.io when Falco starts (no fixed addresses), the audit webhook is '
          + 'called by the API server (not a pod), and a privileged node agent could leave its network namespace anyway',
      },
    }));

    const customRules = (list: FalcoRuleFile[]) => (list.length === 0 ? {} : { customRules: Object.fromEntries(list.map((f) => [f.name, renderFalcoRuleFile(f)])) });
    // The follow sidecar is off: the rules change only with this declaration, never under a running Falco whose
    // custom files override macros and lists of the default ruleset.
    const falcoctl = (refs: string[]) => ({ artifact: { follow: { enabled: false } }, config: { artifact: { install: { refs } } } });

    // The user wrote the rule files and the webhook reason that the values carry (their size counts toward Helm's limit).
    const releaseField = (f: string) => (f === 'version' ? 'chartVersion' : f === 'release' ? 'namespace'
      : f === 'values' || f.startsWith('values.customRules') ? 'ruleFiles' : f.startsWith('values.podAnnotations') ? 'k8sAudit.plaintextWebhook.reason' : f);
    this.release = reportUnder(this, 'falco', releaseField, () => new PinnedHelmRelease(this, 'falco', {
      namespace: this.namespace,
      repository: FALCO_CHART_REPOSITORY,
      chart: 'falco',
      version: this.chartVersion,
      values: {
        driver: {
          enabled: true,
          kind: driver,
          ...(driver === 'modern_ebpf' ? { modernEbpf: { leastPrivileged: props.privileged === undefined } } : {}),
        },
        falcoctl: falcoctl([FALCO_RULES_REF]),
        falco: { rules_files: ['/etc/falco/falco_rules.yaml', '/etc/falco/falco_rules.local.yaml', '/etc/falco/rules.d'] },
        ...customRules(bySource.get('syscall')!),
      },
    }));

    if (audit) {
      const eks = audit.plugin === 'k8saudit-eks';
      this.auditServiceAccount = 'falco-k8saudit';
      const plugin = eks
        ? { name: 'k8saudit-eks', library_path: 'libk8saudit-eks.so', init_config: { region: audit.region }, open_params: audit.clusterName }
        : { name: 'k8saudit', library_path: 'libk8saudit.so', open_params: `http://:${K8SAUDIT_WEBHOOK_PORT}/k8s-audit` };
      this.auditRelease = reportUnder(this, 'falco-k8saudit', releaseField, () => new PinnedHelmRelease(this, 'falco-k8saudit', {
        namespace: this.namespace,
        repository: FALCO_CHART_REPOSITORY,
        chart: 'falco',
        version: this.chartVersion,
        values: {
          driver: { enabled: false },
          collectors: { enabled: false },
          // One replica: each audit event must be read (and alerted on) once.
          controller: { kind: 'deployment', deployment: { replicas: 1 } },
          serviceAccount: { create: true, name: this.auditServiceAccount },
          falcoctl: falcoctl([K8SAUDIT_RULES_REF, PLUGIN_REFS[audit.plugin], PLUGIN_REFS.json]),
          falco: {
            rules_files: ['/etc/falco/k8s_audit_rules.yaml', '/etc/falco/rules.d'],
            load_plugins: [plugin.name, 'json'],
            plugins: [plugin, { name: 'json', library_path: 'libjson.so' }],
            plugins_hostinfo: false,
          },
          ...(eks ? {} : {
            services: [{ name: 'k8saudit-webhook', type: 'ClusterIP', ports: [{ port: K8SAUDIT_WEBHOOK_PORT, protocol: 'TCP' }] }],
            podAnnotations: { [PLAINTEXT_WEBHOOK_REASON_ANNOTATION]: audit.plaintextWebhook!.reason },
          }),
          ...customRules(bySource.get('k8s_audit')!),
        },
      }));
    }
  }
}

/** A reason is recorded in an annotation: a sentence or two, not a document (the API server caps all annotations at 256 KiB). */
function checkReasonLength(v: PropsValidator, field: string, risk: unknown): void {
  const reason = (risk as { reason?: unknown } | null | undefined)?.reason;
  v.check(typeof reason !== 'string' || reason.length <= MAX_REASON, field, reason, `a reason of at most ${MAX_REASON} characters (it is recorded in an annotation)`);
}

// The shared base of the cloud add-ons: one declaration gives the IAM side (a customer managed policy written as data,
// on a pod identity role), the Kubernetes ServiceAccount it is bound to, and the pinned chart (or EKS add-on) that
// runs the controller.
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { DNS_LABEL } from '../../core/formats';
import { boundedName } from '../../core/names';
import { PropsValidator } from '../../core/validator';
import { CHART_VERSION, HelmRepository, PinnedHelmRelease } from '../../extension/pinned-helm-release';
import { EksCluster } from '../eks-cluster';
import { PlatformStack } from '../platform-stack';
import { PodIdentity } from '../pod-identity';
import { checkUniqueName, claimName, describedConstruct, readProps, regionOf, stackOf, terraformScope } from '../prop-checks';

/** A condition of an add-on's policy statement, as IAM writes it (`"StringEquals": { "<variable>": [values] }`). */
export interface AddonCondition {
  /** The condition operator, e.g. "StringEquals", "StringLike", "Null", "ForAllValues:StringEquals". */
  readonly test: string;
  /** The condition key, e.g. "aws:ResourceTag/elbv2.k8s.aws/cluster". */
  readonly variable: string;
  /** The values the key is compared with. */
  readonly values: string[];
}

/** One statement of an add-on's IAM policy, with the conditions upstream scopes it by. */
export interface AddonStatement {
  /** Statement id, naming what the statement is for. */
  readonly sid: string;
  /** Actions. */
  readonly actions: string[];
  /** Resource ARNs (or "*" where the actions cannot be scoped by resource; conditions then scope them). */
  readonly resources: string[];
  /**
   * Conditions, all of which must hold.
   * @default none
   */
  readonly conditions?: AddonCondition[];
}

/** The props every cloud add-on has. */
export interface CloudAddonProps {
  /** The EKS cluster (the add-on is declared in the cluster's PlatformStack). */
  readonly cluster: EksCluster;
  /**
   * A construct of the Kubernetes side (the AppStack applied to the cluster): the ServiceAccount, the pinned chart
   * and the custom resources of the add-on go there.
   */
  readonly kubernetes: Construct;
  /**
   * Namespace of the controller and its ServiceAccount.
   * @default per add-on (see its props)
   */
  readonly namespace?: string;
  /**
   * Exact chart version to install.
   * @default per add-on: a version that exists upstream, named in the add-on's docs
   */
  readonly chartVersion?: string;
}

/** What an add-on installs, once its props are valid. */
export interface AddonInstall {
  /** ServiceAccount name (bound to the pod identity). */
  readonly serviceAccount: string;
  /** Policy statements of the controller; a customer managed policy `<cluster>-<kind>` holds them. */
  readonly statements?: AddonStatement[];
  /** AWS managed policies of the controller. */
  readonly managedPolicyArns?: string[];
  /** Why the controller's pods need an API token (recorded on the ServiceAccount). */
  readonly tokenReason: string;
  /** The chart. */
  readonly chart: {
    readonly repository: HelmRepository;
    readonly name: string;
    readonly release: string;
    readonly values: Record<string, unknown>;
    /** Where the chart reads its ServiceAccount settings (`serviceAccount`, or `rbac.serviceAccount` in cluster-autoscaler's). @default ["serviceAccount"] */
    readonly serviceAccountPath?: string[];
  };
}


/**
 * The base of the cloud add-ons. The constructor checks the shared props and leaves its validator to the add-on, which
 * adds its own checks, throws them all at once, then calls {@link install}.
 */
export abstract class CloudAddon extends Construct {
  /** The cluster. */
  public readonly cluster: EksCluster;
  /** Namespace of the controller. */
  public readonly namespace: string;
  /** The chart version installed. */
  public readonly chartVersion: string;
  /** The region of the cluster's stack. */
  public readonly region: string;
  /** The pod identity of the controller (set by install). */
  public identity?: PodIdentity;
  /** The customer managed policy of the controller, when it has statements. */
  public policy?: IamPolicy;
  /** The pinned chart (set by install). */
  public release?: PinnedHelmRelease;
  /** Collects the problems of the props. */
  protected readonly validator: PropsValidator;
  /** The construct on the Kubernetes side that holds the add-on's objects. */
  protected readonly kubernetesScope: Construct;
  private readonly kind: string;

  /**
   * @param kind the add-on's name, one per cluster (e.g. "aws-load-balancer-controller")
   * @param known every prop name of the add-on
   * @param defaults the default namespace and chart version
   */
  protected constructor(scope: Construct, id: string, props: CloudAddonProps, kind: string, known: readonly string[],
    defaults: { readonly namespace: string; readonly chartVersion: string }) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    this.validator = v;
    this.kind = kind;
    const p = readProps(v, props, known);
    this.namespace = p.namespace ?? defaults.namespace;
    this.chartVersion = p.chartVersion ?? defaults.chartVersion;
    this.region = regionOf(this) ?? '';
    v.check(stackOf(this) instanceof PlatformStack, 'scope', describedConstruct(scope), 'a construct inside a PlatformStack (the add-on needs its region)');
    if (v.check(p.cluster instanceof EksCluster, 'cluster', describedConstruct(p.cluster), 'an EksCluster of this app')) {
      // One controller of each kind per cluster: two would fight over the same AWS resources.
      checkUniqueName(this, v, 'cloud add-ons', `${p.cluster!.name}/${kind}`, 'cluster', describedConstruct(p.cluster),
        `a cluster that has no ${kind} yet (one per cluster)`);
      v.check(stackOf(p.cluster!) === stackOf(this), 'cluster', describedConstruct(p.cluster), 'an EksCluster of the same stack as the add-on');
    }
    const k8s = p.kubernetes;
    if (v.check(k8s instanceof Construct && k8s.node.scopes.some((c) => Chart.isChart(c)), 'kubernetes', describedConstruct(k8s),
      'a construct of the Kubernetes side (an AppStack) for the ServiceAccount, chart and custom resources')) {
      v.check(k8s!.node.tryFindChild(id) === undefined, 'kubernetes', describedConstruct(k8s),
        `a Kubernetes scope with no child "${id}" yet (the add-on's objects are put under its id)`);
    }
    v.format('namespace', this.namespace, DNS_LABEL, true);
    v.format('chartVersion', this.chartVersion, CHART_VERSION, true);
    this.cluster = p.cluster!;
    this.kubernetesScope = k8s!;
  }

  /** The customer managed policy name of the add-on. */
  protected get policyName(): string {
    return boundedName(`${this.cluster.name}-${this.kind}`, 128);
  }

  /** Creates the pod identity, its ServiceAccount and the pinned chart. Call once the props are valid. */
  protected install(spec: AddonInstall): Construct {
    claimName(this, 'cloud add-ons', `${this.cluster.name}/${this.kind}`);
    const objects = new Construct(this.kubernetesScope, this.node.id);
    const managed = [...(spec.managedPolicyArns ?? [])];
    if (spec.statements && spec.statements.length > 0) {
      const doc = new DataAwsIamPolicyDocument(this, 'policy-document', {
        statement: spec.statements.map((s) => ({
          sid: s.sid, effect: 'Allow', actions: [...s.actions], resources: [...s.resources],
          condition: s.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
        })),
      });
      this.policy = new IamPolicy(this, 'policy', {
        name: this.policyName,
        description: `Least privilege of ${this.kind} on EKS cluster ${this.cluster.name}, managed by keelson`,
        policy: doc.json,
      });
      managed.unshift(this.policy.arn);
    }
    this.identity = new PodIdentity(this, 'identity', {
      cluster: this.cluster,
      namespace: this.namespace,
      serviceAccount: spec.serviceAccount,
      managedPolicyArns: managed,
      kubernetesScope: objects,
      automountToken: { reason: spec.tokenReason },
    });
    this.release = new PinnedHelmRelease(objects, 'chart', {
      release: spec.chart.release,
      namespace: this.namespace,
      repository: spec.chart.repository,
      chart: spec.chart.name,
      version: this.chartVersion,
      // keelson emits the ServiceAccount bound to the pod identity; the chart must not make another.
      values: withServiceAccount(spec.chart.values, spec.chart.serviceAccountPath ?? ['serviceAccount'], spec.serviceAccount),
    });
    return objects;
  }
}

/** `values` with `{ create: false, name }` at `path` (merged into what is there). */
function withServiceAccount(values: Record<string, unknown>, path: readonly string[], name: string): Record<string, unknown> {
  const [head, ...rest] = path;
  const here = (values[head] ?? {}) as Record<string, unknown>;
  return { ...values, [head]: rest.length === 0 ? { ...here, create: false, name } : withServiceAccount(here, rest, name) };
}

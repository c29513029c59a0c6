import { CATALOGUE } from '../../../apps/catalogue';
import { runPolicy } from '../../../lib/policy/engine';
import { kindKey } from '../../../lib/policy/kinds';
import { ObjectIndex } from '../../../lib/policy/object-index';
import { defaultRegistry } from '../../../lib/policy/registry';
import { artifactTargetsFromFiles, kubernetesTarget } from '../../../lib/policy/targets';
import { PolicyCheck, PolicyTarget } from '../../../lib/policy/types';
import { synthApp } from '../../../lib/testing';
import { ADMISSION_CASES } from './admission-cases';
import { GATEWAY_CASES } from './gateway-cases';
import { GOVERNANCE_CASES } from './governance-cases';
import { REFERENCE_CASES } from './reference-cases';
import { SECURITY_CASES } from './security-cases';
import { SERVICE_CASES } from './service-cases';
import { STORAGE_CASES } from './storage-cases';
import { WORKLOAD_CASES } from './workload-cases';
import { ELASTICACHE_CASES } from './elasticache-cases';
import { TERRAFORM_ACCESS_CASES } from './terraform-access-cases';
import { CLOUD_ADDON_CASES } from './terraform-addons-cases';
import { TERRAFORM_EKS_CASES } from './terraform-eks-cases';
import { TERRAFORM_IDENTITY_CASES } from './terraform-identity-cases';
import { TERRAFORM_S3_CASES } from './terraform-s3-cases';
import { TERRAFORM_VPC_CASES } from './terraform-vpc-cases';

// `keelson check` reads foreign YAML of any shape. The engine turns a check that throws into an error finding "the
// check could not read this object (...)", but that is a safety net: a check reads defensively and reports what is
// wrong in words, or stays silent on a shape the API server refuses anyway (schema validation reports those). This
// test takes one object of every kind the checks read, from example apps and the check fixtures, replaces each of
// its subtrees in turn by an odd value, and runs every check over it among the objects it came with.

const CRASH = 'the check could not read this object';
const ODD: readonly unknown[] = [null, 'x', {}, []];
/** Paths deeper than this are not mutated (they hold scalars of the deepest structures only). */
const MAX_DEPTH = 8;
/** At most this many neighbours (same namespace or cluster-scoped, same Terraform stack) are checked along. */
const MAX_CONTEXT = 8;

/**
 * Terraform resources that checks read besides the types they check (the companions of a bucket, the pod identity
 * association of a role). Other Terraform types no check reads are left out, to keep the test fast.
 */
const TERRAFORM_READ = ['aws_s3_bucket_versioning', 'aws_s3_bucket_server_side_encryption_configuration', 'aws_s3_bucket_public_access_block',
  'aws_eks_pod_identity_association', 'aws_s3_bucket_logging', 'aws_s3_bucket_lifecycle_configuration', 'aws_flow_log', 'aws_kms_key_policy',
  'aws_secretsmanager_secret_rotation', 'aws_vpc_security_group_ingress_rule', 'aws_security_group_rule', 'aws_iam_openid_connect_provider'];

/** Example apps whose objects cover Istio, Knative, OpenFaaS, RBAC, admission, workloads, networking, storage, namespaces and Terraform. */
const APPS = ['eks-platform', 'mesh', 'knative', 'openfaas-hello', 'security-rbac', 'security-pod-security', 'security-webhook',
  'cka-controllers', 'cka-pods', 'cka-networking', 'cka-storage', 'cka-namespaces'];

const CASES = [ADMISSION_CASES, GATEWAY_CASES, GOVERNANCE_CASES, REFERENCE_CASES, SECURITY_CASES, SERVICE_CASES, STORAGE_CASES, WORKLOAD_CASES,
  ELASTICACHE_CASES, TERRAFORM_ACCESS_CASES, CLOUD_ADDON_CASES, TERRAFORM_EKS_CASES, TERRAFORM_IDENTITY_CASES, TERRAFORM_S3_CASES, TERRAFORM_VPC_CASES];

const kindOf = (t: PolicyTarget) => `${t.domain}:${t.domain === 'kubernetes' ? kindKey(t) : t.kind}${t.domain === 'helm' ? `:${t.object?.chart}` : ''}`;

/** Groups of objects that belong together: each example app, and each fixture case (its passing and failing objects apart). */
function groups(): PolicyTarget[][] {
  const apps = APPS.map((name) => {
    const entry = CATALOGUE.find((e) => e.name === name);
    if (!entry) {
      throw new Error(`no example app ${name}`);
    }
    const app = synthApp(entry.load());
    return [...app.objects.map((m) => kubernetesTarget(m)), ...artifactTargetsFromFiles(app.files)];
  });
  const cases = CASES.flatMap((c) => Object.values(c).flatMap((k: { pass: PolicyTarget[]; fail: PolicyTarget[] }) => [k.pass, k.fail]));
  return [...apps, ...cases];
}

/** One object of every kind (the first met), with its neighbours. */
function representatives(checks: readonly PolicyCheck[]): Array<{ target: PolicyTarget; context: PolicyTarget[] }> {
  const checked = new Set(checks.filter((c) => c.domain === 'terraform').flatMap((c) => c.kinds));
  const seen = new Map<string, { target: PolicyTarget; context: PolicyTarget[] }>();
  for (const group of groups()) {
    for (const target of group) {
      const kind = kindOf(target);
      if (seen.has(kind) || (target.domain === 'terraform' && !checked.has(target.kind) && !TERRAFORM_READ.includes(target.kind))) {
        continue;
      }
      const context = group.filter((o) => o !== target && o.domain === target.domain
        && (target.domain === 'terraform' ? o.stack === target.stack : o.namespace === undefined || o.namespace === target.namespace));
      seen.set(kind, { target, context: context.slice(0, MAX_CONTEXT) });
    }
  }
  return [...seen.values()];
}

/**
 * The pod spec of a workload is read by the same code whatever the kind: it is explored in full in a Deployment and a
 * Pod; in other workloads it is replaced whole, not entered.
 */
const POD_SPEC_AT: Record<string, string> = {
  StatefulSet: 'spec.template.spec', DaemonSet: 'spec.template.spec', ReplicaSet: 'spec.template.spec', ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec', CronJob: 'spec.jobTemplate.spec.template.spec', 'serving.knative.dev/Service': 'spec.template.spec',
};

/** Every path into an object (the root too for Terraform resources and Helm releases, whose whole value is foreign). */
function paths(target: PolicyTarget): string[][] {
  const out: string[][] = target.domain === 'kubernetes' ? [] : [[]];
  const podSpecAt = target.domain === 'kubernetes' ? POD_SPEC_AT[kindKey(target)] : undefined;
  const walk = (v: unknown, p: string[]) => {
    if (p.length > 0) {
      out.push(p);
    }
    if (p.join('.') === podSpecAt) {
      return;
    }
    if (Array.isArray(v) && p.length < MAX_DEPTH) {
      // The entries of a list have one shape: the first one stands for the others (each entry is still replaced whole).
      v.forEach((e, i) => (i === 0 ? walk(e, [...p, '0']) : out.push([...p, String(i)])));
    } else if (v !== null && typeof v === 'object' && p.length < MAX_DEPTH) {
      Object.keys(v).forEach((k) => walk((v as any)[k], [...p, k]));
    }
  };
  walk(target.object, []);
  return out;
}

/** The value at `path` in `object`. */
const at = (object: unknown, path: readonly string[]): unknown => path.reduce((v: any, k) => v?.[k], object);

/** A copy of `object` with the value at `path` replaced by `odd`. */
function mutate(object: unknown, path: readonly string[], odd: unknown): unknown {
  if (path.length === 0) {
    return odd;
  }
  const copy = JSON.parse(JSON.stringify(object));
  let cur = copy;
  path.slice(0, -1).forEach((k) => { cur = cur[k]; });
  cur[path[path.length - 1]] = odd;
  return copy;
}

describe('policy checks on odd shapes of foreign YAML', () => {
  const checks = defaultRegistry().all();
  const reps = representatives(checks);

  test('the objects cover the kinds whose checks read nested structures', () => {
    const kinds = new Set(reps.map((r) => kindOf(r.target)));
    for (const kind of [
      'kubernetes:Gateway', 'kubernetes:HTTPRoute',
      'kubernetes:networking.istio.io/VirtualService', 'kubernetes:networking.istio.io/DestinationRule', 'kubernetes:security.istio.io/PeerAuthentication',
      'kubernetes:MutatingWebhookConfiguration', 'kubernetes:ValidatingWebhookConfiguration', 'kubernetes:ValidatingAdmissionPolicy',
      'kubernetes:serving.knative.dev/Service', 'kubernetes:eventing.knative.dev/Trigger', 'kubernetes:openfaas.com/Function',
      'kubernetes:ResourceQuota', 'kubernetes:LimitRange', 'kubernetes:PersistentVolume', 'kubernetes:PersistentVolumeClaim',
      'kubernetes:StorageClass', 'kubernetes:Service', 'kubernetes:EndpointSlice', 'kubernetes:NetworkPolicy', 'kubernetes:Ingress',
      'kubernetes:Role', 'kubernetes:ClusterRoleBinding', 'kubernetes:Pod', 'kubernetes:Deployment', 'kubernetes:StatefulSet', 'kubernetes:DaemonSet',
      'kubernetes:CronJob', 'kubernetes:HorizontalPodAutoscaler', 'helm:HelmRelease:openfaas/openfaas', 'helm:HelmRelease:istio/istiod',
      'terraform:aws_eks_cluster', 'terraform:aws_eks_node_group', 'terraform:aws_launch_template', 'terraform:aws_s3_bucket',
      'terraform:aws_s3_bucket_versioning', 'terraform:aws_iam_role', 'terraform:aws_iam_role_policy', 'terraform:aws_eks_pod_identity_association',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  test('no check fails to read an object with a subtree replaced by null, a string, a map or a list', () => {
    // The engine turns a check that throws into the finding CRASH (the last test asks it directly); calling the checks as the
    // engine does (by domain and kind, over an index of the objects), without its suppression and sorting work, is
    // the same question asked faster.
    const byKind = new Map<string, PolicyCheck[]>();
    for (const c of checks) {
      c.kinds.forEach((k) => byKind.set(`${c.domain}:${k}`, [...(byKind.get(`${c.domain}:${k}`) ?? []), c]));
    }
    const applicable = (t: PolicyTarget) => [...(byKind.get(`${t.domain}:${t.domain === 'kubernetes' ? kindKey(t) : t.kind}`) ?? []), ...(byKind.get(`${t.domain}:*`) ?? [])];
    const crashes = new Set<string>();
    for (const { target, context } of reps) {
      for (const path of paths(target)) {
        const original = at(target.object, path);
        // A string stays a string ("x" instead of a name is only another name); an odd value equal to the original is no change.
        for (const odd of ODD.filter((o) => !(typeof o === 'string' && typeof original === 'string') && JSON.stringify(o) !== JSON.stringify(original))) {
          const mutated: PolicyTarget = { ...target, object: mutate(target.object, path, odd) };
          const all = [mutated, ...context];
          const index = new ObjectIndex(all);
          for (const t of all) {
            for (const c of applicable(t)) {
              try {
                c.check(t, index);
              } catch (err) {
                crashes.add(`${c.id} on ${t === mutated ? '' : `${t.kind} ${t.name} beside `}${kindOf(target)} with ${path.join('.') || '<root>'} = ${JSON.stringify(odd)}: ${String(err).split('\n')[0]}`);
              }
            }
          }
        }
      }
    }
    expect([...crashes]).toEqual([]);
  });

  test('the engine reports no object of odd shape as unreadable', () => {
    // A sample through the engine itself: every representative with each top-level field replaced by null and by a string.
    const findings = reps.flatMap(({ target, context }) => Object.keys(target.object ?? {}).flatMap((key) => [null, 'x'].flatMap((odd) =>
      runPolicy([{ ...target, object: mutate(target.object, [key], odd) }, ...context], { checks }).findings
        .filter((f) => f.message.startsWith(CRASH)).map((f) => `${f.checkId} on ${f.object} (${key} = ${JSON.stringify(odd)}): ${f.message}`))));
    expect(findings).toEqual([]);
  });
});

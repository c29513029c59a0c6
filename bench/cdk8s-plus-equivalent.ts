// The synthetic stack of bench/synthetic-stack.ts written as a typical user of plain cdk8s + cdk8s-plus-27 would:
// one Chart per namespace, plus's L2 classes where they exist, its L1 classes (k8s.Kube*) otherwise, and cdk8s's
// default output (one YAML file per chart). `npm run bench` times it as a whole process against keelson's synth.
//
// This file and lib/core/k8s.ts are the only ones allowed to import cdk8s-plus-27 (test/imports.test.ts): it stands
// for user code that does not go through keelson, so it must not use keelson's seam.
//
// It emits the same objects, by kind and count, as syntheticApp(n) (test/bench/equivalence.test.ts checks it):
// - per namespace of 50 pairs: the Namespace, a default-deny NetworkPolicy and one allowing DNS egress;
// - per pair: for the database a ServiceAccount, a headless Service (given to the StatefulSet, so plus does not create
//   its own), a client Service, a StatefulSet with a volumeClaimTemplate (a JSON patch: plus has none) and a
//   PodDisruptionBudget (L1); for the web service a ServiceAccount, a Deployment (3 replicas), a Service, an Ingress
//   with TLS and a PodDisruptionBudget (L1); and three NetworkPolicies: ingress controller -> web, web -> db (egress
//   on web, ingress on db: plus's `connections.allowTo` makes exactly these two).
// The pod specs carry what keelson's do where plus can express it (security contexts, resources, probes, a /tmp
// emptyDir); see the notes at the bottom of `webAndDatabase` for what differs.
//
// Run directly: `node build/bench/cdk8s-plus-equivalent.js --pairs N --outdir DIR` synthesizes into DIR and prints
// {"peakRssMb": ..., "userSeconds": ..., "systemSeconds": ...} (the child mode of `npm run bench`).
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { parseArgs } from 'node:util';

/** Pairs per namespace, as in syntheticApp. */
const PAIRS_PER_NAMESPACE = 50;

const PART_OF = 'app.kubernetes.io/part-of';

/** The restricted security context keelson gives every container. */
const CONTAINER_SECURITY: kplus.ContainerSecurityContextProps = {
  user: 65532,
  group: 65532,
  ensureNonRoot: true,
  privileged: false,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  // plus's Capability enum has no "ALL" (it lists the CAP_ names).
  capabilities: { drop: ['ALL' as kplus.Capability] },
};

const POD_SECURITY: kplus.PodSecurityContextProps = {
  user: 65532,
  group: 65532,
  fsGroup: 65532,
  fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
  ensureNonRoot: true,
};

const RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};

/** Keelson's probes: TCP on the container port. */
function probes(port: number): Pick<kplus.ContainerProps, 'liveness' | 'readiness'> {
  return {
    liveness: kplus.Probe.fromTcpSocket({ port, failureThreshold: 6, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(2) }),
    readiness: kplus.Probe.fromTcpSocket({ port, failureThreshold: 3, initialDelaySeconds: Duration.seconds(0), periodSeconds: Duration.seconds(5), timeoutSeconds: Duration.seconds(2) }),
  };
}

/** A PodDisruptionBudget (plus has no L2 class for it) for the pods of `workload`. */
function disruptionBudget(scope: Construct, id: string, name: string, workload: kplus.Workload): void {
  new k8s.KubePodDisruptionBudget(scope, id, {
    metadata: { name, labels: { app: name } },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: workload.matchLabels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  });
}

/** The namespace of a chart with its two baseline NetworkPolicies: deny everything, allow DNS egress. */
function namespaceBaseline(chart: Chart, name: string): void {
  const ns = new kplus.Namespace(chart, 'namespace', {
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/audit-version': 'latest',
      },
    },
  });
  // The chart's namespace lands on every object in it, the cluster-scoped Namespace too; take it off that one.
  ApiObject.of(ns).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  const allPods = kplus.Pods.all(chart, 'all-pods');
  new kplus.NetworkPolicy(chart, 'default-deny', {
    metadata: { name: 'default-deny' },
    selector: allPods,
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const kubeDns = kplus.Pods.select(chart, 'kube-dns', {
    labels: { 'k8s-app': 'kube-dns' },
    namespaces: kplus.Namespaces.select(chart, 'kube-system', { names: ['kube-system'] }),
  });
  new kplus.NetworkPolicy(chart, 'allow-dns', {
    metadata: { name: 'allow-dns' },
    selector: allPods,
    egress: { rules: [{ peer: kubeDns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] }] },
  });
}

/** One web + stateful service pair, as syntheticApp defines it, with the NetworkPolicies between them. */
function webAndDatabase(chart: Chart, i: number, ingressController: kplus.Pods): void {
  // The database: a StatefulSet behind a headless Service (its governing service) and a client Service.
  const dbName = `db-${i}`;
  const dbSa = new kplus.ServiceAccount(chart, `${dbName}-sa`, { metadata: { name: dbName, labels: { app: dbName } }, automountToken: false });
  const headless = new kplus.Service(chart, `${dbName}-headless`, {
    metadata: { name: `${dbName}-headless`, labels: { app: dbName } },
    clusterIP: 'None',
    ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }],
  });
  const db = new kplus.StatefulSet(chart, dbName, {
    metadata: { name: dbName, labels: { app: dbName } },
    podMetadata: { labels: { app: dbName } },
    service: headless,
    replicas: 1,
    serviceAccount: dbSa,
    automountServiceAccountToken: false,
    securityContext: POD_SECURITY,
    containers: [{
      name: dbName,
      image: 'postgres:17.2',
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports: [{ name: 'postgres', number: 5432 }],
      resources: RESOURCES,
      securityContext: CONTAINER_SECURITY,
      ...probes(5432),
    }],
  });
  const dbTmp = kplus.Volume.fromEmptyDir(chart, `${dbName}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(256) });
  db.containers[0].mount('/tmp', dbTmp);
  // plus has no volumeClaimTemplates: the escape hatch adds the claim and its mount.
  ApiObject.of(db).addJsonPatch(
    JsonPatch.add('/spec/volumeClaimTemplates', [{
      metadata: { name: 'data', labels: { app: dbName } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: k8s.Quantity.fromString('10Gi') } } },
    }]),
    JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'data', mountPath: '/var/lib/postgresql/data' }),
  );
  new kplus.Service(chart, `${dbName}-service`, {
    metadata: { name: dbName, labels: { app: dbName } },
    selector: db,
    ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }],
  });
  disruptionBudget(chart, `${dbName}-pdb`, dbName, db);

  // The web service: a Deployment of 3 replicas, its Service and an Ingress with TLS by cert-manager.
  const webName = `web-${i}`;
  const webSa = new kplus.ServiceAccount(chart, `${webName}-sa`, { metadata: { name: webName, labels: { app: webName } }, automountToken: false });
  const web = new kplus.Deployment(chart, webName, {
    metadata: { name: webName, labels: { app: webName } },
    podMetadata: { labels: { app: webName } },
    replicas: 3,
    strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
    serviceAccount: webSa,
    automountServiceAccountToken: false,
    securityContext: POD_SECURITY,
    containers: [{
      name: webName,
      image: 'ghcr.io/example/web:1.0.0',
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports: [{ name: 'http', number: 8080 }],
      resources: RESOURCES,
      securityContext: CONTAINER_SECURITY,
      ...probes(8080),
    }],
  });
  web.containers[0].mount('/tmp', kplus.Volume.fromEmptyDir(chart, `${webName}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(256) }));
  const webService = new kplus.Service(chart, `${webName}-service`, {
    metadata: { name: webName, labels: { app: webName } },
    selector: web,
    ports: [{ name: 'http', port: 80, targetPort: 8080 }],
  });
  const host = `${webName}.example.com`;
  new kplus.Ingress(chart, `${webName}-ingress`, {
    metadata: { name: webName, labels: { app: webName }, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
    className: 'nginx',
    rules: [{ host, path: '/', pathType: kplus.HttpIngressPathType.PREFIX, backend: kplus.IngressBackend.fromService(webService, { port: 80 }) }],
    tls: [{ hosts: [host], secret: kplus.Secret.fromSecretName(chart, `${webName}-tls`, `${webName}-tls`) }],
  });
  disruptionBudget(chart, `${webName}-pdb`, webName, web);

  // NetworkPolicies: from the ingress controller to web (an ingress policy on web only: the controller's namespace
  // is not ours), and web -> db (an egress policy on web and an ingress policy on db).
  web.connections.allowFrom(ingressController, { isolation: kplus.PodConnectionsIsolation.POD });
  web.connections.allowTo(db);
  // What differs from keelson's objects (the kinds and counts do not): plus adds its own pod label
  // (cdk8s.io/metadata.addr) to every selector and names the connection policies itself; it has no
  // topologySpreadConstraints (its `spread` writes pod anti-affinity instead), no `publishNotReadyAddresses`, no
  // `enableServiceLinks`, no seccomp profile and no persistentVolumeClaimRetentionPolicy, which keelson writes.
}

/**
 * The cdk8s-plus-27 equivalent of `syntheticApp(n)`: one Chart per namespace of 50 pairs (`team-0`, `team-1`, ...).
 * `outdir` is where `app.synth()` writes (cdk8s's default: one `<chart>.k8s.yaml` per chart).
 */
export function cdk8sPlusApp(n: number, outdir?: string): App {
  const app = new App({ outdir });
  let chart: Chart | undefined;
  let ingressController: kplus.Pods | undefined;
  for (let i = 0; i < n; i++) {
    if (i % PAIRS_PER_NAMESPACE === 0) {
      const name = `team-${i / PAIRS_PER_NAMESPACE}`;
      chart = new Chart(app, name, { namespace: name, labels: { [PART_OF]: `synthetic-${n}`, 'app.kubernetes.io/managed-by': 'cdk8s' } });
      namespaceBaseline(chart, name);
      ingressController = kplus.Pods.select(chart, 'ingress-nginx', {
        labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
        namespaces: kplus.Namespaces.select(chart, 'ingress-nginx-namespace', { names: ['ingress-nginx'] }),
      });
    }
    webAndDatabase(chart!, i, ingressController!);
  }
  return app;
}

/** Child mode of the bench: synthesize into --outdir with cdk8s's default output; print peak RSS and CPU time. */
function main(): void {
  const { values } = parseArgs({ options: { pairs: { type: 'string' }, outdir: { type: 'string' } } });
  if (!values.pairs || !values.outdir) {
    throw new Error('usage: cdk8s-plus-equivalent --pairs N --outdir DIR');
  }
  cdk8sPlusApp(Number(values.pairs), values.outdir).synth();
  const u = process.resourceUsage();
  process.stdout.write(JSON.stringify({ peakRssMb: u.maxRSS / 1024, userSeconds: u.userCPUTime / 1e6, systemSeconds: u.systemCPUTime / 1e6 }));
}

if (require.main === module) {
  main();
}

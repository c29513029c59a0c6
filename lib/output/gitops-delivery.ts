import { DNS_LABEL, Format, GO_DURATION, OBJECT_NAME } from '../core/formats';
import { MANAGED_BY } from '../core/labels';
import { PropsValidator } from '../core/validator';
import { RESERVED_FOLDERS } from './artifacts';
import { Manifest } from './manifest';

/** The GitOps tools a delivery can be written for. */
export type GitOpsTool = 'argocd' | 'flux';

/**
 * The Git revision the tool follows. A string is a branch, unless it is a full 40-hex commit SHA; use `{ tag }`
 * for a tag (Flux must be told which kind of ref it is).
 */
export type GitRevision = string | { readonly branch: string } | { readonly tag: string } | { readonly commit: string };

/** How the committed output (`<path>/<app>/`) is delivered to a cluster by Argo CD or Flux. */
export interface GitOpsDeliveryOptions {
  /**
   * 'argocd': one argoproj.io/v1alpha1 Application per app; 'flux': one source.toolkit.fluxcd.io/v1 GitRepository
   * plus one kustomize.toolkit.fluxcd.io/v1 Kustomization per app.
   */
  readonly tool: GitOpsTool;
  /** Git URL of the repository holding the committed output: https://..., ssh://..., or (Argo CD only) git@host:org/repo.git. */
  readonly repoURL: string;
  /** Path of the output directory inside the repository, e.g. "dist" or "deploy/k8s"; "." for the repository root. */
  readonly path: string;
  /** Branch, tag or commit the tool follows (Argo CD: spec.source.targetRevision; Flux: GitRepository spec.ref). */
  readonly revision: GitRevision;
  /**
   * Namespace of the delivery objects. Argo CD watches Applications outside its own namespace only when "apps in
   * any namespace" is enabled; Flux watches all namespaces.
   * @default "argocd" for Argo CD, "flux-system" for Flux
   */
  readonly namespace?: string;
  /** Argo CD only: the AppProject of the Applications. @default "default" */
  readonly project?: string;
  /** Argo CD only: API server URL of the destination cluster. @default "https://kubernetes.default.svc" (Argo CD's own) */
  readonly destinationServer?: string;
  /** Flux only: how often the GitRepository fetches and each Kustomization re-applies (a Go duration). @default "10m" */
  readonly interval?: string;
  /** Flux only: name of the GitRepository the Kustomizations read from. @default "keelson-output" */
  readonly sourceName?: string;
  /**
   * Flux only: Secret (in `namespace`) with the Git credentials (GitRepository spec.secretRef). Required for ssh://
   * URLs. Argo CD instead matches repository credentials Secrets by URL.
   * @default none (a public https repository)
   */
  readonly secretName?: string;
  /**
   * Folder under the output directory the delivery objects are written to; no app may have this name, so no app
   * delivers itself. Apply it once (or from a parent Application / Kustomization) to bootstrap the delivery.
   * @default "delivery"
   */
  readonly folder?: string;
}

/** Defaults of the optional {@link GitOpsDeliveryOptions}. */
export const DELIVERY_DEFAULTS = {
  namespace: { argocd: 'argocd', flux: 'flux-system' }, project: 'default', destinationServer: 'https://kubernetes.default.svc',
  interval: '10m', sourceName: 'keelson-output', folder: 'delivery',
} as const;

const TOOLS: readonly GitOpsTool[] = ['argocd', 'flux'];
/** Flux: seconds after which a failed Kustomization is applied again, when its interval is longer. */
const RETRY_SECONDS = 60;

/** Seconds of a Go duration such as "1h30m" or "90s" (checked with GO_DURATION before). */
function durationSeconds(text: string): number {
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  return [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}
/** Options that only one tool reads; setting them for the other is refused rather than silently ignored. */
const TOOL_ONLY: Record<GitOpsTool, ReadonlyArray<keyof GitOpsDeliveryOptions>> = {
  argocd: ['project', 'destinationServer'], flux: ['interval', 'sourceName', 'secretName'],
};
const PRINTABLE = /^[\x21-\x7e]+$/; // printable ASCII: no spaces, control, invisible or look-alike characters
const SCP_URL = /^[A-Za-z0-9_][A-Za-z0-9_.-]*@([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):([A-Za-z0-9._~][A-Za-z0-9._~/-]*)$/;
const COMMIT_LIKE = /^[0-9a-fA-F]{40}$/;

/** The form of a repository URL, or undefined when it is not an acceptable Git URL. */
function repoUrlForm(v: unknown): 'https' | 'ssh' | 'scp' | undefined {
  if (typeof v !== 'string' || !PRINTABLE.test(v) || /\/\.\.?(\/|$)/.test(v)) {
    return undefined;
  }
  if (SCP_URL.test(v)) {
    return 'scp';
  }
  const url = URL.canParse(v) ? new URL(v) : undefined;
  if (!url || url.hostname === '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname.length < 2) {
    return undefined;
  }
  // A user name in an https URL is usually a token; credentials belong in a Secret, never in committed YAML.
  return url.protocol === 'https:' && url.username === '' ? 'https' : url.protocol === 'ssh:' ? 'ssh' : undefined;
}

const REPO_URL: Format = {
  test: (v) => repoUrlForm(v) !== undefined,
  description: 'a Git URL "https://host/org/repo.git", "ssh://git@host/org/repo.git" or "git@host:org/repo.git" without ' +
    'credentials, query, fragment, "." or ".." parts, spaces or invisible characters (http:// and git:// are unauthenticated)',
};

const SERVER_URL: Format = {
  test: (v) => typeof v === 'string' && PRINTABLE.test(v) && URL.canParse(v) && /^https:\/\/[^/@?#]+(\/[^@?#]*)?$/.test(v),
  description: 'an https:// URL of a Kubernetes API server, without credentials, query or fragment',
};

/** A relative POSIX path in normal form: no "", "." or ".." parts, hence no leading, trailing or double "/". */
const OUTPUT_PATH: Format = {
  test: (v) => typeof v === 'string' && (v === '.' || v.split('/').every((part) => /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(part))),
  description: 'a normalized relative path such as "dist" or "deploy/k8s", or "." for the repository root: parts of letters, ' +
    'digits, ".", "_" or "-" (none starting with "." or "-") joined by single "/", no leading or trailing "/"',
};

/** A branch or tag name as `git check-ref-format --branch` accepts it, limited to printable ASCII. */
const GIT_REF: Format = {
  test: (v) => typeof v === 'string' && PRINTABLE.test(v) && v !== '@' && v !== 'HEAD' && !v.startsWith('refs/') &&
    !/[~^:?*[\\]|\.\.|@\{|\/\/|^[-/]|[/.]$|(^|\/)\.|\.lock(\/|$)/.test(v),
  description: 'a branch or tag name such as "main" or "v1.2.0": printable ASCII without "~", "^", ":", "?", "*", "[", "\\", ' +
    '"..", "@{" or "//"; not starting with "-" or "/", not ending with "/" or "."; no part starting with "." or ending ' +
    'with ".lock"; not "HEAD", "@" or a full "refs/..." name',
};

const COMMIT: Format = {
  test: (v) => typeof v === 'string' && /^[0-9a-f]{40}$/.test(v),
  description: 'a full commit SHA: 40 lowercase hexadecimal digits',
};

/** Positive Go durations that the Flux CRDs accept (their pattern has no "ns" or "us" units). */
const FLUX_INTERVAL: Format = {
  test: (v) => GO_DURATION.test(v) && /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(v) && /[1-9]/.test(v),
  description: 'a positive duration such as "1m", "10m0s" or "1h" (units ms, s, m, h)',
};

/** A Flux object name; `flux bootstrap` owns the GitRepository and Kustomization "flux-system". */
const NOT_FLUX_SYSTEM: Format = {
  test: (v) => DNS_LABEL.test(v) && v !== 'flux-system',
  description: `${DNS_LABEL.description}, other than "flux-system" (owned by flux bootstrap)`,
};

/** Which kind of Git ref a revision is, and its name; undefined when it is neither a string nor a one-key object. */
function resolveRevision(revision: GitRevision): { readonly kind: 'branch' | 'tag' | 'commit'; readonly name: string } | undefined {
  if (typeof revision === 'string') {
    return { kind: COMMIT_LIKE.test(revision) ? 'commit' : 'branch', name: revision };
  }
  const keys = Object.keys(typeof revision === 'object' && revision !== null ? revision : {});
  const kind = (['branch', 'tag', 'commit'] as const).find((k) => keys.length === 1 && k === keys[0]);
  return kind ? { kind, name: (revision as Record<string, string>)[kind] } : undefined;
}

function checkOptions(v: PropsValidator, o: GitOpsDeliveryOptions): void {
  if (!v.check(TOOLS.includes(o.tool), 'delivery.tool', o.tool, `one of ${TOOLS.map((t) => `"${t}"`).join(', ')}`)) {
    return;
  }
  for (const tool of TOOLS.filter((t) => t !== o.tool)) {
    for (const key of TOOL_ONLY[tool]) {
      v.check(o[key] === undefined, `delivery.${key}`, o[key], `no value: it applies to ${tool} only, and tool is "${o.tool}"`);
    }
  }
  if (v.format('delivery.repoURL', o.repoURL, REPO_URL, true) && o.tool === 'flux') {
    // Flux accepts only http(s):// and ssh:// URLs. The scp-like path is relative to the user's home, so it is not
    // rewritten silently.
    v.check(!SCP_URL.test(o.repoURL), 'delivery.repoURL', o.repoURL, `an https:// or ssh:// URL for Flux, e.g. "ssh://${o.repoURL.replace(':', '/')}" (check the path on your host)`);
    v.check(repoUrlForm(o.repoURL) !== 'ssh' || o.secretName !== undefined, 'delivery.secretName', o.secretName,
      'the name of a Secret holding the SSH key ("identity" and "known_hosts"): Flux needs credentials for ssh:// URLs');
  }
  v.format('delivery.path', o.path, OUTPUT_PATH, true);
  const ref = resolveRevision(o.revision);
  if (v.check(ref !== undefined, 'delivery.revision', o.revision, 'a branch name, a commit SHA, or an object with exactly one of "branch", "tag" or "commit"')) {
    const field = typeof o.revision === 'string' ? 'delivery.revision' : `delivery.revision.${ref!.kind}`;
    v.format(field, ref!.name, ref!.kind === 'commit' ? COMMIT : GIT_REF, true);
  }
  v.format('delivery.namespace', o.namespace, DNS_LABEL);
  v.format('delivery.project', o.project, OBJECT_NAME);
  v.format('delivery.destinationServer', o.destinationServer, SERVER_URL);
  v.format('delivery.interval', o.interval, FLUX_INTERVAL);
  v.format('delivery.sourceName', o.sourceName, NOT_FLUX_SYSTEM);
  v.format('delivery.secretName', o.secretName, OBJECT_NAME);
  if (v.format('delivery.folder', o.folder, DNS_LABEL)) {
    v.check(!RESERVED_FOLDERS.includes(o.folder ?? ''), 'delivery.folder', o.folder, `a name other than ${RESERVED_FOLDERS.join(', ')} (reserved for other output)`);
  }
}

/**
 * Validates delivery options without building anything; throws a {@link ValidationError} naming every bad field
 * (`delivery.<option>`), its value and the allowed form.
 */
export function validateDeliveryOptions(options: GitOpsDeliveryOptions, constructPath = '<apps>'): void {
  const v = new PropsValidator(constructPath);
  checkOptions(v, options);
  v.throwIfInvalid();
}

/** The folder under the output directory that {@link deliveryManifests} are written to. */
export function deliveryFolder(options: GitOpsDeliveryOptions): string {
  return options.folder ?? DELIVERY_DEFAULTS.folder;
}

/**
 * The delivery objects for the given apps (the folders `<path>/<app>/`), in a deterministic order that does not
 * depend on the order of `appNames`: for Flux the GitRepository first, then one object per app sorted by name.
 * Validates the options and the app names (unique DNS labels, none named like the delivery folder) first and
 * throws a {@link ValidationError} whose issues carry `constructPath`. An empty list of apps gives no objects.
 */
export function deliveryManifests(appNames: readonly string[], options: GitOpsDeliveryOptions, constructPath = '<apps>'): Manifest[] {
  const v = new PropsValidator(constructPath);
  checkOptions(v, options);
  const folder = deliveryFolder(options);
  appNames.forEach((name, i) => {
    if (v.format(`apps[${i}]`, name, options.tool === 'flux' ? NOT_FLUX_SYSTEM : DNS_LABEL, true)) {
      v.check(name !== folder, `apps[${i}]`, name, `a name other than the delivery folder "${folder}" (an app must not deliver itself)`);
    }
  });
  v.unique('apps', appNames, (name) => name, 'an app name');
  v.throwIfInvalid();
  if (appNames.length === 0) {
    return [];
  }

  const apps = [...appNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const namespace = options.namespace ?? DELIVERY_DEFAULTS.namespace[options.tool];
  const ref = resolveRevision(options.revision)!;
  const appPath = (app: string): string => (options.path === '.' ? app : `${options.path}/${app}`);
  const metadata = (name: string, app?: string): Manifest['metadata'] =>
    ({ name, namespace, labels: { ...(app ? { 'app.kubernetes.io/part-of': app } : {}), 'app.kubernetes.io/managed-by': MANAGED_BY } });

  if (options.tool === 'argocd') {
    return apps.map((app) => ({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
      // No "resources-finalizer.argocd.argoproj.io": with it, deleting the Application would cascade-delete the
      // app's objects, PersistentVolumeClaims (and their data) included. Without it, deletion orphans them.
      metadata: metadata(app, app),
      spec: {
        project: options.project ?? DELIVERY_DEFAULTS.project,
        source: { repoURL: options.repoURL, path: appPath(app), targetRevision: ref.name },
        // No destination namespace: every object of an app names its own namespace.
        destination: { server: options.destinationServer ?? DELIVERY_DEFAULTS.destinationServer },
        syncPolicy: {
          // allowEmpty stays false (its default): an empty folder (a broken commit) never prunes everything.
          automated: { prune: true, selfHeal: true },
          // FailOnSharedResource: refuse to take over an object another Application manages, instead of the two
          // fighting over it. PruneLast: delete dropped objects only once everything else is applied and healthy.
          // CreateNamespace stays off: each app declares its own Namespace objects, with their labels.
          // SkipDryRunOnMissingResource: a custom resource whose CRD a chart installs (Karpenter's NodePool, an
          // ExternalSecret) would fail the dry run of the whole sync until the chart is in; with it, everything else is
          // applied and that resource is retried (keelson checks it against its CRD's schema at synth when the schema is known).
          syncOptions: ['FailOnSharedResource=true', 'PruneLast=true', 'SkipDryRunOnMissingResource=true'],
          // Automated sync does not retry a failed revision by itself (e.g. a webhook that is not ready yet).
          retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
        },
      },
    }));
  }

  const sourceName = options.sourceName ?? DELIVERY_DEFAULTS.sourceName;
  const interval = options.interval ?? DELIVERY_DEFAULTS.interval;
  const source: Manifest = {
    apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository',
    metadata: metadata(sourceName),
    spec: { interval, url: options.repoURL, ref: { [ref.kind]: ref.name }, ...(options.secretName ? { secretRef: { name: options.secretName } } : {}) },
  };
  return [source, ...apps.map((app): Manifest => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization',
    metadata: metadata(app, app),
    spec: {
      interval, sourceRef: { kind: 'GitRepository', name: sourceName }, path: `./${appPath(app)}`, prune: true,
      // A failed apply (a custom resource whose CRD a chart has not installed yet) is tried again after a minute
      // rather than after the whole interval.
      ...(durationSeconds(interval) > RETRY_SECONDS ? { retryInterval: `${RETRY_SECONDS / 60}m` } : {}),
      // Deleting the Kustomization orphans the app's objects instead of garbage-collecting them (the default,
      // MirrorPrune, would delete them, PersistentVolumeClaims included), as Argo CD does without its finalizer.
      deletionPolicy: 'Orphan',
      // No targetNamespace: every object of an app names its own namespace.
    },
  }))];
}

import { Construct, IConstruct } from 'constructs';
import { DNS_LABEL, Format } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, checkUnique, checkedScope } from '../core/validator';
import { IArtifactSource, registerArtifactSource } from '../output/artifacts';
import { toYaml } from '../output/yaml';
import { HELM_CONSTRUCT_LABEL } from '../policy/targets';
import { checkedHelmValues } from './helm-values';

/** A Helm chart repository. */
export interface HelmRepository {
  /** Short name used in chart references, e.g. "istio". */
  readonly name: string;
  /**
   * HTTPS URL of the repository index (e.g. "https://charts.jetstack.io"), or an OCI registry path
   * (e.g. "oci://ghcr.io/org/charts"), written to the helmfile as `oci: true`.
   */
  readonly url: string;
}

/** Props of a {@link PinnedHelmRelease}. */
export interface PinnedHelmReleaseProps {
  /**
   * Release name.
   * @default the construct id
   */
  readonly release?: string;
  /** Namespace the release installs into (created if missing). */
  readonly namespace: string;
  /** Where the chart comes from. */
  readonly repository: HelmRepository;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Exact chart version (SemVer 2, no ranges), so every install gets the same chart. */
  readonly version: string;
  /**
   * Chart values: JSON data only (strings, finite numbers, booleans, null, lists and maps).
   * @default the chart's defaults
   */
  readonly values?: Record<string, unknown>;
  /**
   * Releases of the same app that must be installed first.
   * @default none
   */
  readonly needs?: PinnedHelmRelease[];
}

const PROPS = propNames<PinnedHelmReleaseProps>()({ release: true, namespace: true, repository: true, chart: true, version: true, values: true, needs: true });
const REPOSITORY_PROPS = propNames<HelmRepository>()({ name: true, url: true });

/**
 * A Helm release name. Helm refuses names over 53 characters (it keeps 10 of Kubernetes' 63 for the object names
 * charts derive from the release name, helm/helm#1528) and names that are not lowercase RFC 1123; a label (no dots)
 * is what every chart can put into a Service or label value.
 */
export const HELM_RELEASE_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 53 && DNS_LABEL.test(v),
  description: 'a Helm release name: 1-53 lowercase letters, digits or "-", starting and ending with a letter or digit (Helm keeps 10 of the 63 characters of a Kubernetes name for what charts append)',
};

/** SemVer 2.0.0 (semver.org), which Helm requires of chart versions; Helm also accepts a leading "v". */
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * An exact chart version: SemVer 2 (Helm refuses a chart whose version is not) and no range, so every install gets
 * the same chart. At most 128 characters, the longest OCI tag.
 */
export const CHART_VERSION: Format = {
  test: (v) => typeof v === 'string' && v.length <= 128 && SEMVER.test(v),
  description: 'an exact chart version such as "1.28.0" (SemVer 2: MAJOR.MINOR.PATCH without leading zeros, optional "v", -prerelease and +build; no ranges or "latest")',
};

/**
 * A chart name: Helm refuses an empty name or one with a path separator, and its conventions (and OCI repository
 * names) want lowercase letters, digits and "-", "_" or "." between them.
 */
export const CHART_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 128 && /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(v),
  description: 'a chart name such as "istiod": 1-128 lowercase letters and digits, with single "-", "_" or "." between them',
};

/** A repository name: the prefix of chart references (`<name>/<chart>`), so no "/" and nothing helmfile would misread. */
export const HELM_REPOSITORY_NAME: Format = {
  test: (v) => DNS_LABEL.test(v),
  description: `a repository name such as "jetstack": ${DNS_LABEL.description}`,
};

const HOST = /^(?=.{1,253}(?::|$))[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::(\d{1,5}))?$/;
const HTTPS_PATH = /^(?:\/[A-Za-z0-9._~%+-]+)*\/?$/;
/** OCI distribution spec repository names: lowercase components separated by ".", "_", "__" or dashes, joined by "/". */
const OCI_PATH = /^(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Registries that serve Helm charts over OCI only (GitHub, Docker Hub, ECR, Azure, Google Artifact Registry). */
const OCI_ONLY_HOST = /^(ghcr\.io|docker\.io|registry-1\.docker\.io|public\.ecr\.aws|[a-z0-9.-]+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com|[a-z0-9-]+\.azurecr\.io|[a-z0-9-]+-docker\.pkg\.dev)$/i;

/** Where a repository is: an HTTPS index URL, or an OCI registry path (helmfile wants it without "oci://" and `oci: true`). */
interface RepositoryLocation {
  readonly url: string;
  readonly oci: boolean;
}

/** The location of a repository URL; undefined when Helm or helmfile would refuse it, or it is not HTTPS or OCI. */
function repositoryLocation(url: unknown): RepositoryLocation | undefined {
  const m = typeof url === 'string' && url.length <= 2048 ? /^(https|oci):\/\/([^/?#@\s]+)([^?#\s]*)$/.exec(url) : null;
  if (!m) {
    return undefined;
  }
  const [, scheme, authority, path] = m;
  const host = HOST.exec(authority);
  if (!host || (host[1] !== undefined && !(Number(host[1]) >= 1 && Number(host[1]) <= 65535))) {
    return undefined;
  }
  if (scheme === 'https') {
    // Helm fetches <url>/index.yaml: a URL of the index itself or of a packaged chart is not a repository, and a
    // registry that serves charts over OCI only has no index at all.
    return HTTPS_PATH.test(path) && !/\/(index\.ya?ml|[^/]+\.tgz)$/.test(path) && !OCI_ONLY_HOST.test(host[0].replace(/:\d+$/, ''))
      ? { url: url as string, oci: false } : undefined;
  }
  return OCI_PATH.test(path) ? { url: `${authority}${path}`, oci: true } : undefined;
}

const REPOSITORY_URL_EXPECTED = 'an https:// URL of a chart repository (e.g. "https://charts.jetstack.io", the folder of its index.yaml) '
  + 'or an oci:// registry path (e.g. "oci://ghcr.io/org/charts": a host, then lowercase path components; ghcr.io, Docker Hub, ECR, '
  + 'Azure and Artifact Registry serve charts over OCI only); no credentials, query or fragment, and not plain http://, over which '
  + 'anyone on the path could swap the chart';

/**
 * A third-party install declared as data: chart, exact version and values, never downloaded at synth time.
 * All releases of an app are written to `<outdir>/helm/<app>/helmfile.yaml`, which `helmfile apply` (or a Flux or
 * Argo CD definition generated from it) installs.
 *
 * The props are checked and copied when the release is declared: what the caller changes afterwards (a values
 * object, the needs list) does not reach the helmfile, so writing it cannot fail.
 */
export class PinnedHelmRelease extends Construct {
  /** Release name. */
  public readonly release: string;
  /** Namespace. */
  public readonly namespace: string;
  /** @internal The validated props, copied. */
  public readonly _props: PinnedHelmReleaseProps;
  /** @internal */
  public readonly _location: RepositoryLocation;

  public constructor(scope: Construct, id: string, props: PinnedHelmReleaseProps) {
    super(checkedScope(scope, id), id);
    const v = PropsValidator.of(this);
    if (!v.knownProps('', props, PROPS) || !v.check(props !== undefined, 'props', props, 'an object of props: { namespace, repository, chart, version }')) {
      v.throwIfInvalid();
    }
    const release = props.release ?? id;
    v.format('release', release, { ...HELM_RELEASE_NAME, description: props.release === undefined
      ? `${HELM_RELEASE_NAME.description}; it defaults to the construct id, so set release or choose another id` : HELM_RELEASE_NAME.description }, true);
    v.format('namespace', props.namespace, DNS_LABEL, true);
    const repository = props.repository;
    let location: RepositoryLocation | undefined;
    if (v.check(repository !== undefined, 'repository', repository, 'the chart repository: { name, url }') && v.knownProps('repository', repository, REPOSITORY_PROPS)) {
      v.format('repository.name', repository.name, HELM_REPOSITORY_NAME, true);
      location = repositoryLocation(repository.url);
      v.check(location !== undefined, 'repository.url', repository.url, REPOSITORY_URL_EXPECTED);
    }
    v.format('chart', props.chart, CHART_NAME, true);
    v.format('version', props.version, CHART_VERSION, true);
    const values = checkedHelmValues(v, 'values', props.values);

    // Looked up, not created: a refused release registers no helmfile.
    const declared = HelmfileArtifacts.declared(this);
    const needs = props.needs ?? [];
    if (v.check(Array.isArray(needs), 'needs', needs, 'a list of the PinnedHelmReleases of this app to install first')) {
      needs.forEach((n, i) => {
        if (v.check(n instanceof PinnedHelmRelease, `needs[${i}]`, n, 'a PinnedHelmRelease (the construct, not its name)')) {
          // helmfile refuses a "needs" entry naming a release its file does not have. The list is copied below, and a
          // release can only need releases declared before it, so there is no cycle.
          v.check(declared.includes(n), `needs[${i}]`, n.node.path,
            'a release of the same app (helmfile refuses "needs" naming a release that is not in its file)');
        }
      });
      checkUnique(v, 'needs', needs, (n) => (n instanceof PinnedHelmRelease ? `${n.namespace}/${n.release}` : undefined), 'a release');
    }
    if (typeof release === 'string' && typeof props.namespace === 'string') {
      v.check(!declared.some((r) => r.release === release && r.namespace === props.namespace), 'release', release,
        `a release name not yet used in namespace ${props.namespace} (helmfile and Helm know a release by namespace and name)`);
    }
    if (location !== undefined && typeof repository.name === 'string') {
      const other = declared.find((r) => r._props.repository.name === repository.name
        && (r._location.url !== location!.url || r._location.oci !== location!.oci));
      v.check(other === undefined, 'repository.url', repository.url, `${other?._props.repository.url}, the URL repository "${repository.name}" already has`);
    }
    v.throwIfInvalid();

    this.release = release;
    this.namespace = props.namespace;
    this._location = location!;
    this._props = Object.freeze({
      release, namespace: props.namespace, repository: Object.freeze({ name: repository.name, url: repository.url }), chart: props.chart,
      version: props.version, values: values === undefined ? undefined : Object.freeze(values), needs: Object.freeze([...needs]) as PinnedHelmRelease[],
    });
    HelmfileArtifacts.of(this).releases.push(this);
  }
}

/** Writes the helmfile of every PinnedHelmRelease of an app. */
class HelmfileArtifacts implements IArtifactSource {
  private static readonly BY_ROOT = new WeakMap<IConstruct, HelmfileArtifacts>();

  /** The releases declared so far in the app of `scope`. */
  public static declared(scope: IConstruct): readonly PinnedHelmRelease[] {
    return HelmfileArtifacts.BY_ROOT.get(scope.node.root)?.releases ?? [];
  }

  public static of(scope: IConstruct): HelmfileArtifacts {
    const root = scope.node.root;
    let source = HelmfileArtifacts.BY_ROOT.get(root);
    if (!source) {
      source = new HelmfileArtifacts(root);
      HelmfileArtifacts.BY_ROOT.set(root, source);
      registerArtifactSource(root, source);
    }
    return source;
  }

  public readonly folder = 'helm';
  /** The releases of the app, in the order they were declared (each one checked and copied when declared). */
  public readonly releases: PinnedHelmRelease[] = [];

  private constructor(public readonly root: IConstruct) {}

  public synthesize(): Map<string, string> {
    const releases = this.releases;
    const repositories = new Map(releases.map((r) => [r._props.repository.name, r._location]));
    const helmfile = {
      repositories: [...repositories].map(([name, { url, oci }]) => ({ name, url, oci: oci || undefined })),
      releases: releases.map((r) => ({
        name: r.release,
        namespace: r.namespace,
        labels: { [HELM_CONSTRUCT_LABEL]: r.node.path },
        createNamespace: true,
        chart: `${r._props.repository.name}/${r._props.chart}`,
        version: r._props.version,
        needs: r._props.needs?.length ? r._props.needs.map((n) => `${n.namespace}/${n.release}`) : undefined,
        values: r._props.values ? [r._props.values] : undefined,
      })),
    };
    return new Map([['helmfile.yaml', `# Generated by keelson: pinned third-party installs (helmfile apply -f helmfile.yaml).\n${toYaml(JSON.parse(JSON.stringify(helmfile)))}`]]);
  }

  public dispose(): void {
    // Nothing held.
  }
}

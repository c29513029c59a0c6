import { IConstruct } from 'constructs';

/**
 * Output of an app besides its Kubernetes YAML, e.g. Terraform JSON. Registered on the cdk8s App while the app is
 * built; the synthesizer writes its files to `<outdir>/<folder>/<app name>/` with the same all-or-nothing swap as
 * the YAML. Keeps the output module free of any particular tool (cdktf stays inside lib/aws).
 */
export interface IArtifactSource {
  /** Top-level output folder, e.g. "terraform". */
  readonly folder: string;
  /** Root of the construct tree behind the files (policy suppressions declared in it apply to them). */
  readonly root: IConstruct;
  /** Produces the files, by path relative to the app's artifact folder. */
  synthesize(): Map<string, string>;
  /** Releases temporary resources; called after synthesis, whether or not it succeeded. */
  dispose(): void;
}

const SOURCES = new WeakMap<IConstruct, IArtifactSource[]>();

/** Registers an artifact source on the root of `scope` (the cdk8s App). */
export function registerArtifactSource(scope: IConstruct, source: IArtifactSource): void {
  const root = scope.node.root;
  SOURCES.set(root, [...(SOURCES.get(root) ?? []), source]);
}

/** The artifact sources registered on an app. */
export function artifactSources(app: IConstruct): readonly IArtifactSource[] {
  return SOURCES.get(app.node.root) ?? [];
}

/** Top-level folders that artifact sources use; no app may be named like them. */
export const RESERVED_FOLDERS: readonly string[] = ['terraform', 'helm', 'openfaas'];

import * as fs from 'node:fs';
import * as path from 'node:path';
import { load, loadAll } from 'js-yaml';
import { Manifest, apiGroup } from '../output/manifest';
import { PolicyTarget } from './types';

/** A Kubernetes manifest as a policy target. */
export function kubernetesTarget(m: Manifest, where: { constructPath?: string; file?: string } = {}): PolicyTarget {
  return {
    domain: 'kubernetes',
    kind: m.kind,
    group: apiGroup(m),
    namespace: m.metadata?.namespace,
    name: m.metadata?.name,
    object: m,
    constructPath: where.constructPath,
    file: where.file,
  };
}

/** The resources of a Terraform JSON configuration as policy targets (construct paths from cdktf's metadata). */
export function terraformTargets(config: any, stack: string, file?: string): PolicyTarget[] {
  return Object.entries(config?.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName as Record<string, any>).map(([name, object]) => ({
    domain: 'terraform' as const,
    kind: type,
    group: '',
    name,
    object,
    constructPath: object?.['//']?.metadata?.path,
    file,
    stack,
  })));
}

/** Label of a helmfile release that names the construct which declared it. */
export const HELM_CONSTRUCT_LABEL = 'keelson.dev/construct';

/**
 * The releases of a helmfile as policy targets of kind "HelmRelease"; `object.values` is the release's values
 * files merged in order (later keys win, as Helm does at the top level).
 */
export function helmTargets(helmfile: any, file?: string): PolicyTarget[] {
  return (helmfile?.releases ?? []).map((r: any) => ({
    domain: 'helm' as const,
    kind: 'HelmRelease',
    group: '',
    namespace: r.namespace,
    name: r.name,
    object: { ...r, values: Object.assign({}, ...(r.values ?? []).filter((v: unknown) => v !== null && typeof v === 'object')) },
    constructPath: r.labels?.[HELM_CONSTRUCT_LABEL],
    file,
  }));
}

/** The policy targets of an app's artifact files: cdktf stacks (`stacks/<stack>/cdk.tf.json`) and helmfiles. */
export function artifactTargetsFromFiles(files: ReadonlyMap<string, string>, prefix = ''): PolicyTarget[] {
  return [...files].flatMap(([file, text]) => {
    const m = /(?:^|\/)stacks\/([^/]+)\/cdk\.tf\.json$/.exec(file);
    if (m) {
      return terraformTargets(JSON.parse(text), m[1], prefix + file);
    }
    return isHelmfile(file) ? helmTargets(load(text), prefix + file) : [];
  });
}

const isHelmfile = (file: string) => /(^|\/)helmfile\.ya?ml$/.test(file);

function isManifest(doc: any): doc is Manifest {
  return doc !== null && typeof doc === 'object' && typeof doc.apiVersion === 'string' && typeof doc.kind === 'string';
}

/** Problems met while reading a directory (unparsable files), reported beside the findings. */
export interface LoadProblem {
  readonly file: string;
  readonly message: string;
}

/**
 * Reads every Kubernetes manifest (`.yaml`, `.yml`, `.json`; multi-document files and `List`s included),
 * Terraform JSON configuration (`.tf.json`) and helmfile (`helmfile.yaml`) under a directory, with file paths
 * relative to it.
 */
export function loadDirectory(dir: string): { targets: PolicyTarget[]; problems: LoadProblem[] } {
  const targets: PolicyTarget[] = [];
  const problems: LoadProblem[] = [];
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.split('/').some((part) => part.startsWith('.') || part === 'node_modules'))
    .sort();
  for (const file of files) {
    const full = path.join(dir, file);
    if (!fs.statSync(full).isFile()) {
      continue;
    }
    const text = fs.readFileSync(full, 'utf8');
    try {
      if (file.endsWith('.tf.json')) {
        const stack = path.basename(path.dirname(full));
        targets.push(...terraformTargets(JSON.parse(text), stack, file));
        continue;
      }
      if (isHelmfile(file)) {
        targets.push(...helmTargets(load(text), file));
        continue;
      }
      const docs = file.endsWith('.json') ? [JSON.parse(text)] : loadAll(text);
      for (const doc of docs as any[]) {
        const items = isManifest(doc) && doc.kind.endsWith('List') && Array.isArray((doc as any).items) ? (doc as any).items : [doc];
        for (const item of items) {
          if (isManifest(item) && typeof item.metadata?.name === 'string') {
            targets.push(kubernetesTarget(item, { file }));
          }
        }
      }
    } catch (err) {
      problems.push({ file, message: (err as Error).message.split('\n')[0] });
    }
  }
  return { targets, problems };
}

import { load } from 'js-yaml';
import { SUPPRESS_ANNOTATION_PREFIX } from '../core/annotations';
import { appendTo } from '../policy/multi-map';
import { describeTarget } from '../policy/suppressions';
import { PolicyReport, PolicyTarget } from '../policy/types';
import { toStableJson } from './json';
import { OutputFolder } from './output-writer';
import { toYaml } from './yaml';

/** Where a written suppression goes: the file of the target, and how to mark the target in it. */
type Edit = { target: PolicyTarget; key: string; reason: string };

/**
 * Writes each suppression declared in code (`suppressCheck`) into the objects whose findings it silenced, as
 * `suppress.policy.keelson.dev/<check>: <reason>`: an annotation on Kubernetes objects, a key of the `//` comment
 * object of Terraform resources (which Terraform ignores), a label of helmfile releases. `keelson check` reads them
 * back, so the committed output gets the same verdict as the synth. Kubernetes objects are changed in place; the
 * artifact folders are returned with the edited files.
 */
export function recordSuppressions(report: PolicyReport, targets: readonly PolicyTarget[], artifacts: readonly OutputFolder[]): OutputFolder[] {
  const edits: Edit[] = [];
  // The targets by file, looked up once (a large app has thousands of targets, and may have many suppressed findings).
  let byFile: Map<string | undefined, PolicyTarget[]> | undefined;
  for (const { finding, reason, suppression } of report.suppressed) {
    if (suppression.constructPath === undefined) {
      continue; // already an annotation on the object
    }
    if (byFile === undefined) {
      byFile = new Map();
      for (const t of targets) {
        appendTo(byFile, t.file, t);
      }
    }
    const target = (byFile.get(finding.file) ?? []).find((t) => describeTarget(t) === finding.object);
    if (target) {
      edits.push({ target, key: `${SUPPRESS_ANNOTATION_PREFIX}${finding.checkId}`, reason });
    }
  }
  for (const { target, key, reason } of edits.filter((e) => e.target.domain === 'kubernetes')) {
    const metadata = target.object.metadata;
    metadata.annotations = { ...(metadata.annotations ?? {}), [key]: metadata.annotations?.[key] ?? reason };
  }
  return artifacts.map((folder) => {
    const mine = edits.filter((e) => e.target.domain !== 'kubernetes' && e.target.file?.startsWith(`${folder.name}/`));
    if (mine.length === 0) {
      return folder;
    }
    const files = new Map(folder.files);
    for (const file of new Set(mine.map((e) => e.target.file!.slice(folder.name.length + 1)))) {
      const forFile = mine.filter((e) => e.target.file === `${folder.name}/${file}`);
      files.set(file, forFile[0].target.domain === 'terraform' ? editTerraform(files.get(file)!, forFile) : editHelmfile(files.get(file)!, forFile));
    }
    return { name: folder.name, files };
  });
}

function editTerraform(text: string, edits: readonly Edit[]): string {
  const config = JSON.parse(text);
  for (const { target, key, reason } of edits) {
    const resource = config.resource[target.kind][target.name];
    resource['//'] = { ...(resource['//'] ?? {}), [key]: resource['//']?.[key] ?? reason };
  }
  return toStableJson(config);
}

function editHelmfile(text: string, edits: readonly Edit[]): string {
  const helmfile = load(text) as { releases: Array<{ name: string; namespace?: string; labels?: Record<string, string> }> };
  for (const { target, key, reason } of edits) {
    const release = helmfile.releases.find((r) => r.name === target.name && r.namespace === target.namespace)!;
    release.labels = { ...(release.labels ?? {}), [key]: release.labels?.[key] ?? reason };
  }
  const header = /^(?:#.*\n)*/.exec(text)![0];
  return `${header}${toYaml(helmfile)}`;
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App as K8sApp } from 'cdk8s';
import { App } from 'cdktf';
import { IArtifactSource, registerArtifactSource } from '../output/artifacts';

/** Re-serializes JSON with sorted keys and two-space indentation, so the files are byte-stable. */
function stableJson(text: string): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      return v.map(sort);
    }
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return `${JSON.stringify(sort(JSON.parse(text)), null, 2)}\n`;
}

function readFiles(dir: string, base = dir, out = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      readFiles(full, base, out);
    } else {
      const rel = path.relative(base, full).split(path.sep).join('/');
      const text = fs.readFileSync(full, 'utf8');
      out.set(rel, entry.name.endsWith('.json') ? stableJson(text) : text);
    }
  }
  return out;
}

class TerraformArtifacts implements IArtifactSource {
  public readonly folder = 'terraform';

  public constructor(public readonly root: App, private readonly outdir: string) {}

  public synthesize(): Map<string, string> {
    this.root.synth();
    return readFiles(this.outdir);
  }

  public dispose(): void {
    fs.rmSync(this.outdir, { recursive: true, force: true });
  }
}

/**
 * The cdktf App that holds the Terraform stacks of an app. Its output (cdktf's layout: `manifest.json` and
 * `stacks/<stack>/cdk.tf.json`, keys sorted) is written to `<outdir>/terraform/<app name>/`, next to the app's YAML,
 * and only if the whole app synthesizes. Stacks (see PlatformStack) are defined inside it.
 */
export function terraformApp(k8sApp: K8sApp): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'keelson-cdktf-'));
  // No stack traces in the metadata: they would carry absolute paths of this machine.
  const app = new App({ outdir, stackTraces: false });
  registerArtifactSource(k8sApp, new TerraformArtifacts(app, outdir));
  return app;
}

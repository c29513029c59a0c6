import * as fs from 'node:fs';
import { README_BEGIN, README_END, checkDocsPath, readmePath, renderCheckDocs, renderReadmeCheckList, withReadmeCheckList } from '../bench/generate-check-docs';
import { PEER_CHECKS } from '../lib/policy/peers';
import { BUILTIN_CHECKS } from '../lib/policy/registry';

describe('docs/checks.md', () => {
  test('is what `npm run docs:checks` generates from the registry and the peer map', () => {
    // When this fails after a check was added or changed, run `npm run docs:checks` and commit docs/checks.md.
    expect(fs.readFileSync(checkDocsPath(), 'utf8')).toBe(renderCheckDocs());
  });

  test('the README\'s check list is what `npm run docs:checks` generates, one row per registered check', () => {
    const readme = fs.readFileSync(readmePath(), 'utf8');
    expect(withReadmeCheckList(readme)).toBe(readme);
    const list = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END));
    expect(list).toBe(renderReadmeCheckList().slice(0, -README_END.length));
    for (const c of BUILTIN_CHECKS) {
      expect(list).toContain(`| [${c.id}](docs/checks.md#${c.id}) | ${c.severity} | `);
    }
    expect(list).toContain('| [image-tag-pinned](docs/checks.md#image-tag-pinned) | error | pods | Polaris `tagNotSpecified`; kube-score `container-image-tag`; kube-linter `latest-tag` |');
  });

  test('documents every registered check with its severity, fix and peers', () => {
    const text = renderCheckDocs();
    for (const c of BUILTIN_CHECKS) {
      expect(text).toContain(`### ${c.id}\n\n**Severity**: ${c.severity} · `);
      expect(text).toContain(`**Fix**: ${c.remediation.trim()}`);
    }
    expect(text).toContain('**Peers with the same intent**: Polaris `tagNotSpecified`; kube-score `container-image-tag`; kube-linter `latest-tag`');
  });

  test('lists the peer checks keelson has no equivalent of, and where it is stricter, with the reasons', () => {
    const text = renderCheckDocs();
    for (const p of PEER_CHECKS.filter((x) => x.keelson.length === 0)) {
      expect(text).toContain(`| ${p.tool} | \`${p.id}\` | ${p.enabledByDefault ? 'yes' : 'no'} | `);
    }
    expect(text).toContain('| kube-linter | `scc-deny-privileged-container` | no | OpenShift only |');
    expect(text).toMatch(/\| kube-linter \| `run-as-non-root` \| `pss-run-as-non-root` \| restricted Pod Security requires runAsNonRoot: true/);
  });

  test('escapes table cells', () => {
    const text = renderCheckDocs([], [{ tool: 'Polaris', id: 'x', enabledByDefault: true, keelson: [], none: 'a | b\nc' }]);
    expect(text).toContain('| Polaris | `x` | yes | a \\| b c |');
  });
});

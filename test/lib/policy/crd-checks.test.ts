import * as fs from 'node:fs';
import * as path from 'node:path';
import { dump } from 'js-yaml';
import { runCheckCli } from '../../../lib/policy/check-cli';
import { CRD_CHECKS } from '../../../lib/policy/checks/crd';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { tempDir } from '../../helpers/tmp';
import { CRD_CASES, crd, crdVersion, webhookConversion } from './crd-cases';
import { k } from './fixtures';

/** The messages of one check over the objects. */
function messages(id: string, manifests: any[]): string[] {
  const check = CRD_CHECKS.find((c) => c.id === id)!;
  return runPolicy(k(...manifests), { checks: [check] }).findings.map((f) => f.message);
}

const G = 'delayedresources.mydomain.com';

describe('CustomResourceDefinition checks', () => {
  test('each is registered, an error, for CRDs only, with a description, a fix and a case', () => {
    expect(CRD_CHECKS.map((c) => c.id)).toEqual(['crd-name-matches-plural-group', 'crd-one-storage-version', 'crd-conversion-review-versions']);
    for (const c of CRD_CHECKS) {
      expect([c.id, c.severity, c.domain, c.kinds, c.references, BUILTIN_CHECKS.includes(c)]).toEqual([c.id, 'error', 'kubernetes', ['CustomResourceDefinition'], [], true]);
      expect(c.description.length).toBeGreaterThan(20);
      expect(c.remediation.length).toBeGreaterThan(20);
      expect(CRD_CASES[c.id]).toBeDefined();
    }
  });

  test.each(Object.entries(CRD_CASES))('%s passes its compliant CRDs and reports the failing one', (id, c) => {
    const check = CRD_CHECKS.find((x) => x.id === id)!;
    expect(runPolicy(c.pass, { checks: [check] }).findings).toEqual([]);
    const findings = runPolicy(c.fail, { checks: [check] }).findings;
    expect(findings.map((f) => [f.checkId, f.severity, f.object, f.remediation])).toEqual([[id, 'error', expect.stringMatching(/^CustomResourceDefinition /), check.remediation]]);
    expect(findings[0].message).toContain(c.message);
  });

  describe('crd-name-matches-plural-group', () => {
    test.each([
      ['the kind', `DelayedJob.${G}`],
      ['the group alone', G],
      ['the plural alone', 'delayedjobs'],
      ['another group', 'delayedjobs.mydomain.com'],
    ])('reports a name made of %s', (_title, name) => {
      expect(messages('crd-name-matches-plural-group', [crd({}, name)])).toEqual([`the name is "${name}"; a CRD of plural "delayedjobs" in group "${G}" must be named "delayedjobs.${G}"`]);
    });

    test('reports a CRD without plural or group, and one without a name, in words', () => {
      expect(messages('crd-name-matches-plural-group', [crd({ names: { kind: 'DelayedJob' } })]))
        .toEqual(['spec.names.plural is not set, so the name cannot be "<plural>.<group>" as the API server requires']);
      expect(messages('crd-name-matches-plural-group', [crd({ names: null, group: 7 })]))
        .toEqual(['spec.names.plural and spec.group are not set, so the name cannot be "<plural>.<group>" as the API server requires']);
      const unnamed = { ...crd(), metadata: {} };
      expect(messages('crd-name-matches-plural-group', [unnamed])).toEqual([`metadata.name is not set; a CRD of plural "delayedjobs" in group "${G}" must be named "delayedjobs.${G}"`]);
    });
  });

  describe('crd-one-storage-version', () => {
    test('reports no storage version, no versions at all, and three storage versions', () => {
      expect(messages('crd-one-storage-version', [crd({ versions: [crdVersion('v1alpha1', false), crdVersion('v1', false)] })])).toEqual(['no version has storage: true']);
      expect(messages('crd-one-storage-version', [crd({ versions: [] })])).toEqual(['spec.versions lists no versions, so none is the storage version']);
      expect(messages('crd-one-storage-version', [crd({ versions: 'v1' })])).toEqual(['spec.versions lists no versions, so none is the storage version']);
      const three = [crdVersion('v1alpha1', true), crdVersion('v1beta1', true), { ...crdVersion('v1', true), name: undefined }];
      expect(messages('crd-one-storage-version', [crd({ versions: three })])).toEqual(['3 versions have storage: true ("v1alpha1", "v1beta1", versions[2]); exactly one may']);
    });

    test('storage must be the boolean true: the string "true" is not a storage version', () => {
      expect(messages('crd-one-storage-version', [crd({ versions: [{ ...crdVersion('v1', true), storage: 'true' }] })])).toEqual(['no version has storage: true']);
    });
  });

  describe('crd-conversion-review-versions', () => {
    test.each([
      ['no webhook at all', { strategy: 'Webhook' }, 'conversion strategy Webhook without spec.conversion.webhook.conversionReviewVersions'],
      ['an empty list', webhookConversion({ conversionReviewVersions: [] }), 'conversion strategy Webhook without spec.conversion.webhook.conversionReviewVersions'],
      ['a string instead of a list', webhookConversion({ conversionReviewVersions: 'v1' }), 'conversion strategy Webhook without spec.conversion.webhook.conversionReviewVersions'],
      ['only versions the API server does not speak', webhookConversion({ conversionReviewVersions: ['v2'] }),
        'conversionReviewVersions ["v2"] names no ConversionReview version the API server speaks (v1, v1beta1), so every conversion would fail'],
      ['entries that are not version names', webhookConversion({ conversionReviewVersions: ['v1', 1, ''] }), 'conversionReviewVersions holds 1, ""; each entry is a version name such as "v1"'],
      // v1beta1 placed the list beside the strategy; in v1 it sits under webhook.
      ['the list where v1beta1 had it', { strategy: 'Webhook', conversionReviewVersions: ['v1'], webhook: { clientConfig: { url: 'https://conv.example.com' } } },
        'conversion strategy Webhook without spec.conversion.webhook.conversionReviewVersions'],
    ])('reports %s', (_title, conversion, message) => {
      expect(messages('crd-conversion-review-versions', [crd({ conversion })])).toEqual([expect.stringContaining(message)]);
    });

    test.each([
      ['v1', ['v1']],
      ['v1beta1 after a newer version', ['v2', 'v1beta1']],
    ])('passes a webhook that speaks %s', (_title, versions) => {
      expect(messages('crd-conversion-review-versions', [crd({ conversion: webhookConversion({ conversionReviewVersions: versions }) })])).toEqual([]);
    });

    test('strategy None and no conversion need nothing', () => {
      expect(messages('crd-conversion-review-versions', [crd(), crd({ conversion: { strategy: 'None' } }), crd({ conversion: null })])).toEqual([]);
    });
  });

  test('CRDs of the removed v1beta1 API and odd shapes are left alone (removed-api-version and schema validation report them)', () => {
    const v1beta1 = crd({ version: 'v1', versions: undefined, conversion: { strategy: 'Webhook' } }, 'wrong', 'apiextensions.k8s.io/v1beta1');
    const odd = [v1beta1, { ...crd(), spec: null }, { ...crd(), spec: 'x' }, { ...crd(), spec: [] }, { ...crd(), metadata: null }];
    const report = runPolicy(k(...(odd as any[])), { checks: CRD_CHECKS });
    expect(report.findings.map((f) => f.message).join('\n')).not.toContain('could not read');
    expect(report.findings.filter((f) => f.object === 'CustomResourceDefinition wrong')).toEqual([]);
  });

  test('no check crashes on a CRD with any subtree replaced by an odd value, nor on a custom resource beside it', () => {
    const ODD: unknown[] = [null, 'x', {}, [], 7];
    const paths = (v: unknown, at: string[] = []): string[][] => (v !== null && typeof v === 'object'
      ? [at, ...Object.entries(v as object).flatMap(([key, child]) => paths(child, [...at, key]))] : [at]);
    const base = crd({ scope: 'Cluster', versions: [crdVersion('v1alpha1', false), crdVersion('v1', true)], conversion: webhookConversion({ conversionReviewVersions: ['v1'] }) });
    const resource = { apiVersion: `${G}/v1`, kind: 'DelayedJob', metadata: { name: 'nightly' }, spec: { delaySeconds: 5 } };
    let runs = 0;
    // apiVersion and kind stay strings: `keelson check` does not hand other values to the checks.
    for (const at of paths(base).filter((p) => p.length > 0 && !['apiVersion', 'kind'].includes(p.join('.')))) {
      for (const odd of ODD) {
        const copy = JSON.parse(JSON.stringify(base));
        at.slice(0, -1).reduce((o, key) => o[key], copy)[at[at.length - 1]] = odd;
        const report = runPolicy(k(copy, resource as any));
        expect([at.join('.'), report.findings.filter((f) => f.message.includes('could not read')).map((f) => f.message)]).toEqual([at.join('.'), []]);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(150);
  });

  test('keelson check reports a raw CRD YAML file with all three mistakes, by file', () => {
    const dir = tempDir();
    const bad = crd({ versions: [crdVersion('v1alpha1', true), crdVersion('v1', true)], conversion: { strategy: 'Webhook', webhook: { clientConfig: { url: 'https://conv.example.com/convert' } } } },
      `delayedjob.${G}`);
    fs.writeFileSync(path.join(dir, 'crd.yaml'), dump(bad));
    const lines: string[] = [];
    const code = runCheckCli([dir, '--format', 'json'], { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    expect(code).toBe(1);
    const findings = JSON.parse(lines.join('\n')).findings.filter((f: any) => f.checkId.startsWith('crd-'));
    expect(findings.map((f: any) => [f.checkId, f.object, f.file])).toEqual([
      ['crd-conversion-review-versions', `CustomResourceDefinition delayedjob.${G}`, 'crd.yaml'],
      ['crd-name-matches-plural-group', `CustomResourceDefinition delayedjob.${G}`, 'crd.yaml'],
      ['crd-one-storage-version', `CustomResourceDefinition delayedjob.${G}`, 'crd.yaml'],
    ]);
  });
});

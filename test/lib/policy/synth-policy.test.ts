import { ApiObject, App } from 'cdk8s';
import { KubeRole } from '../../../lib/core/k8s';
import { AppStack } from '../../../lib/core/app-stack';
import { ValidationError } from '../../../lib/core/errors';
import { AppDefinition, synthApps } from '../../../lib/output/synth-apps';
import { runSynthCli } from '../../../lib/output/synth-cli';
import { PolicyError } from '../../../lib/policy/policy-error';
import { suppressCheck } from '../../../lib/policy/suppressions';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Probe } from '../../../lib/workloads/probe';
import { WebService } from '../../../lib/workloads/web-service';
import { HOSTILE_VALUES } from '../../helpers/javascript-values';
import { readTree, tempDir } from '../../helpers/tmp';
import { errorOf } from '../../helpers/errors';

/** An app whose constructs are valid but which breaks policy: a wildcard role, and a probe on a mutating path. */
function brokenApp(suppress?: (stack: AppStack, role: ApiObject) => void): AppDefinition {
  return {
    name: 'broken',
    description: '',
    build: (app) => {
      const stack = new AppStack(app, 'broken');
      const ns = new SecureNamespace(stack, 'shop');
      new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0', readiness: Probe.http('/reset-cache', 'http') });
      const role = new KubeRole(ns, 'admin-role', { metadata: { name: 'admin', namespace: 'shop' }, rules: [{ apiGroups: [''], resources: ['*'], verbs: ['list'] }] });
      suppress?.(stack, role);
    },
  };
}

describe('policy in the synth', () => {
  test('a deliberately broken app fails the synth with a report naming the construct paths, and writes nothing', () => {
    const dir = tempDir();
    let error: unknown;
    try {
      synthApps([brokenApp()], dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const message = (error as Error).message;
    expect(message).toContain('Policy check of app "broken" failed: 2 error(s)');
    expect(message).toContain('ERROR probe-mutating-endpoint: Deployment shop/web (construct broken/shop/web/Resource)');
    expect(message).toContain('container "web" readinessProbe calls /reset-cache, which changes state');
    expect(message).toContain('ERROR rbac-wildcard: Role shop/admin (construct broken/shop/admin-role)');
    expect(message).toContain('fix: List the exact verbs and resources the subject needs.');
    expect(readTree(dir)).toEqual({});
  });

  test('the synth CLI prints the report without a stack trace and exits 1', () => {
    const lines: string[] = [];
    const code = runSynthCli(['--outdir', tempDir()], [brokenApp()], { out: { log: (l) => lines.push(l), error: (l) => lines.push(l) }, env: {} });
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain('(construct broken/shop/admin-role)');
    expect(lines.join('\n')).not.toMatch(/\n\s+at |KEELSON_DEBUG/);
  });

  test('suppressions on constructs, with reasons, let it through and show in the CLI output', () => {
    const app = brokenApp((stack, role) => {
      suppressCheck(role, 'rbac-wildcard', { reason: 'read-only on every resource is this debugging role\'s purpose' });
      suppressCheck(stack.node.findChild('shop').node.findChild('web'), 'probe-mutating-endpoint', { reason: '/reset-cache only clears a local cache' });
    });
    const lines: string[] = [];
    expect(runSynthCli(['--outdir', tempDir()], [app], { out: { log: (l) => lines.push(l), error: (l) => lines.push(l) }, env: {} })).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('0 error(s), 0 warning(s), 2 suppressed');
    expect(text).toContain('SUPPRESSED rbac-wildcard: Role shop/admin (construct broken/shop/admin-role): read-only on every resource');
  });

  test('a suppression without a reason is refused where it is declared, with nothing written', () => {
    const dir = tempDir();
    for (const reason of ['', ' ', { reason: '' }, { reason: '  ' }, {}, null]) {
      const err = errorOf(() => synthApps([brokenApp((_s, role) => suppressCheck(role, 'rbac-wildcard', reason as any))], dir));
      expect(err).toBeInstanceOf(ValidationError);
      expect(err.message).toMatch(/\[broken\/shop\/admin-role\] suppressCheck\(risk\)(\.reason)?: got .*; expected a reason why check rbac-wildcard does not apply here, given as \{ reason: "\.\.\." \}/);
    }
    expect(readTree(dir)).toEqual({});
  });

  test('suppressCheck refuses what is not a construct or not a check id, and a stray key beside the reason', () => {
    const role = () => new KubeRole(new AppStack(new App(), 'x'), 'r', { rules: [] });
    expect(() => suppressCheck({} as any, 'rbac-wildcard', { reason: 'x' })).toThrow('suppressCheck(scope): got {}; expected a construct of this app');
    expect(() => suppressCheck(role(), 'RBAC wildcard', { reason: 'x' })).toThrow('[x/r] suppressCheck(checkId): got "RBAC wildcard"; expected a check id such as "rbac-wildcard"');
    expect(() => suppressCheck(role(), 'rbac-wildcard', { reason: 'x', until: '2027' } as any)).toThrow('[x/r] suppressCheck(risk).until: got "2027"; expected a known prop');
  });

  test('any JavaScript value as any argument is refused with a ValidationError, or accepted', () => {
    const raw: string[] = [];
    for (const value of HOSTILE_VALUES) {
      const stack = new AppStack(new App(), 's');
      const calls: unknown[][] = [[value, 'rbac-wildcard', { reason: 'x' }], [stack, value, { reason: 'x' }], [stack, 'rbac-wildcard', value], [stack, 'rbac-wildcard', { reason: value }]];
      for (const args of calls) {
        try {
          (suppressCheck as (...a: unknown[]) => void)(...args);
        } catch (err) {
          if (!(err instanceof ValidationError)) {
            raw.push(`${String(value)}: ${(err as Error).message}`);
          }
        }
      }
    }
    expect(raw).toEqual([]);
  });

  test('the reason given as a plain string (the deprecated form) still suppresses', () => {
    const lines: string[] = [];
    const app = brokenApp((stack, role) => {
      suppressCheck(role, 'rbac-wildcard', 'read-only on every resource is this debugging role\'s purpose');
      suppressCheck(stack.node.findChild('shop').node.findChild('web'), 'probe-mutating-endpoint', '/reset-cache only clears a local cache');
    });
    expect(runSynthCli(['--outdir', tempDir()], [app], { out: { log: (l) => lines.push(l), error: (l) => lines.push(l) }, env: {} })).toBe(0);
    expect(lines.join('\n')).toContain('0 error(s), 0 warning(s), 2 suppressed');
  });
});


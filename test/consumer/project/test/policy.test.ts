import { AppStack, Probe, SecureNamespace, WebService } from 'keelson';
import { synthApp } from 'keelson/testing';

test('a readiness probe on a path that changes state is caught, on the construct that declared it', () => {
  const out = synthApp((app) => {
    const ns = new SecureNamespace(new AppStack(app, 'probe'), 'probe');
    new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0', readiness: Probe.http('/reset-cache', 'http') });
  });
  expect(out.expectFinding('probe-mutating-endpoint', 'probe/probe/web').length).toBeGreaterThan(0);
  expect(() => out.expectPolicyClean()).toThrow(/probe-mutating-endpoint/);
});

import { App as TfApp, TerraformStack, TerraformVariable } from 'cdktf';
import { IExternalHost } from '../../../lib/networking/external-host';
import { ExternalNameService } from '../../../lib/networking/external-name-service';
import { runPolicy } from '../../../lib/policy/engine';
import { BUILTIN_CHECKS } from '../../../lib/policy/registry';
import { kubernetesTarget } from '../../../lib/policy/targets';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { find, synth, synthError } from '../../helpers/synth';

describe('ExternalNameService', () => {
  test('the book\'s db-service (N6): a CNAME to the database, port 80 kept', () => {
    let svc: ExternalNameService | undefined;
    const out = synth((s) => {
      svc = new ExternalNameService(new SecureNamespace(s, 'shop'), 'db-service', { externalName: 'test.database.aws-cn-northeast1b.com', ports: [80] });
    });
    const manifest = find(out, 'Service', 'db-service');
    expect(manifest.metadata.namespace).toBe('shop');
    expect(manifest.spec).toEqual({ type: 'ExternalName', externalName: 'test.database.aws-cn-northeast1b.com', ports: [{ port: 80, protocol: 'TCP' }] });
    expect(svc!.host).toBe('db-service.shop.svc');
    expect(svc!.externalName).toBe('test.database.aws-cn-northeast1b.com');
    // An ExternalName Service selects nothing and has no endpoints: the reference checks leave it alone.
    expect(runPolicy(out.map((m) => kubernetesTarget(m)), { checks: BUILTIN_CHECKS.filter((c) => c.kinds.includes('Service')) }).findings).toEqual([]);
  });

  test('an IExternalHost gives the name and, by default, the port; a trailing dot is dropped', () => {
    const alias: IExternalHost = { hostname: 'redis.counter.internal.', port: 6379 };
    const out = synth((s) => new ExternalNameService(new SecureNamespace(s, 'counter'), 'redis', { externalName: alias, labels: { tier: 'cache' } }));
    const manifest = find(out, 'Service', 'redis');
    expect(manifest.spec).toEqual({ type: 'ExternalName', externalName: 'redis.counter.internal', ports: [{ port: 6379, protocol: 'TCP' }] });
    expect(manifest.metadata.labels.tier).toBe('cache');
  });

  test('named ports replace the host\'s port; without any, the Service has none', () => {
    const out = synth((s) => {
      const ns = new SecureNamespace(s, 'shop');
      new ExternalNameService(ns, 'pg', { externalName: { hostname: 'pg.internal.example.com', port: 5432 }, ports: [{ name: 'postgres', port: 5432 }, { name: 'metrics', port: 9187 }] });
      new ExternalNameService(ns, 'docs', { externalName: 'docs.example.com', annotations: { 'example.com/owner': 'docs-team' } });
    });
    expect(find(out, 'Service', 'pg').spec.ports).toEqual([{ name: 'postgres', port: 5432, protocol: 'TCP' }, { name: 'metrics', port: 9187, protocol: 'TCP' }]);
    expect(find(out, 'Service', 'docs').spec).toEqual({ type: 'ExternalName', externalName: 'docs.example.com' });
    expect(find(out, 'Service', 'docs').metadata.annotations).toEqual({ 'example.com/owner': 'docs-team' });
  });

  test('a Terraform value (an RDS endpoint address) is refused, pointing at PrivateDnsAlias', () => {
    const stack = new TerraformStack(new TfApp(), 'db');
    const address = new TerraformVariable(stack, 'db_address', { type: 'string' }).stringValue;
    expect(address).toContain('${');
    const err = synthError((s) => new ExternalNameService(new SecureNamespace(s, 'shop'), 'db', { externalName: address }));
    expect(err.message).toContain(`[test/shop/db] externalName: got "${address}"; expected a DNS name known when keelson synthesizes: this is a Terraform value `
      + '(such as an RDS or ElastiCache endpoint address), known only after `terraform apply`; give the endpoint a stable name with PrivateDnsAlias (keelson/aws) and pass that alias here');
    const viaHost = synthError((s) => new ExternalNameService(new SecureNamespace(s, 'shop'), 'db', { externalName: { hostname: address } }));
    expect(viaHost.message).toContain(`[test/shop/db] externalName.hostname: got "${address}"; expected a DNS name known when keelson synthesizes`);
  });
});

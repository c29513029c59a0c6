import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { MountSource } from '../../../lib/workloads/file-mount';
import { SidecarContainer } from '../../../lib/workloads/pod-spec';
import { Probe } from '../../../lib/workloads/probe';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { restrictedViolations } from '../../helpers/pod-security';
import { find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/web:1.0.0';
const agent: SidecarContainer = {
  name: 'agent',
  image: 'ghcr.io/acme/agent:2.1.0',
  ports: [{ name: 'metrics', port: 9100 }],
  runAsUser: 2000,
  writablePaths: ['/tmp', '/var/lib/agent'],
  mounts: [
    { path: '/etc/agent', source: MountSource.configMap('agent-config') },
    { path: '/etc/agent-token/token', subPath: 'token', source: MountSource.secret('agent-token', { items: { token: 'token' } }) },
  ],
  readiness: Probe.http('/ready', 'metrics'),
};

function web(props: Partial<WebServiceProps>) {
  return synth((s) => new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, ...props }));
}

describe('sidecar containers', () => {
  const out = web({ sidecars: [agent], serviceTargetPort: 'http' });
  const pod = find(out, 'Deployment', 'web').spec.template.spec;
  const [main, side] = pod.containers;

  test('run beside the main container with the same hardened security context, as their own user', () => {
    expect(pod.containers.map((c: any) => c.name)).toEqual(['web', 'agent']);
    expect(side.securityContext).toEqual({ ...main.securityContext, runAsUser: 2000, runAsGroup: 2000 });
    expect(restrictedViolations(pod)).toEqual([]);
    expect(side.resources.limits).toBeDefined();
  });

  test('get their own writable emptyDirs, named apart from the main container\'s', () => {
    expect(side.volumeMounts.slice(0, 2)).toEqual([{ name: 'agent-tmp', mountPath: '/tmp' }, { name: 'agent-var-lib-agent', mountPath: '/var/lib/agent' }]);
    expect(main.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  test('mount ConfigMaps and Secrets read-only, with modes that do not make files writable or world-readable secrets', () => {
    const volume = (name: string) => pod.volumes.find((v: any) => v.name === name);
    const [config, token] = side.volumeMounts.slice(2);
    expect(config).toEqual({ name: 'cm-agent-config', mountPath: '/etc/agent', readOnly: true });
    expect(volume(config.name).configMap).toEqual({ name: 'agent-config', defaultMode: 0o444 });
    expect(token).toEqual({ name: 'secret-agent-token', mountPath: '/etc/agent-token/token', subPath: 'token', readOnly: true });
    expect(volume(token.name).secret).toEqual({ secretName: 'agent-token', items: [{ key: 'token', path: 'token' }], defaultMode: 0o440 });
  });

  test('the Service can target a sidecar port by name', () => {
    const served = web({ sidecars: [agent], serviceTargetPort: 'metrics' });
    expect(find(served, 'Service', 'web').spec.ports).toEqual([{ name: 'metrics', port: 80, targetPort: 9100, protocol: 'TCP' }]);
  });
});

describe('sidecar bad input', () => {
  const error = (props: Partial<WebServiceProps>) => synthError((s) => new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, ...props })).message;

  test.each([
    ['a sidecar named like the main container', { sidecars: [{ ...agent, name: 'web' }] }, 'containers[1]: got "web"; expected a container name that is not already used in containers'],
    ['a sidecar port number the main container uses', { sidecars: [{ ...agent, ports: [{ name: 'metrics', port: 8080 }] }] }, 'ports[1]: got "8080/TCP"; expected a port number that is not already used in ports'],
    ['a sidecar port name the main container uses', { sidecars: [{ ...agent, ports: [{ name: 'http', port: 9100 }] }] }, 'ports[1]: got "http"; expected a port name that is not already used in ports'],
    ['an unpinned sidecar image', { sidecars: [{ ...agent, image: 'ghcr.io/acme/agent' }] }, 'sidecars[0].image: got "ghcr.io/acme/agent"; expected an image reference pinned by tag or digest'],
    ['a relative mount path', { sidecars: [{ ...agent, mounts: [{ path: 'etc/agent', source: MountSource.configMap('c') }] }] }, 'sidecars[0].mounts[0].path: got "etc/agent"; expected'],
    ['a Secret item path that escapes the mount', { sidecars: [{ ...agent, mounts: [{ path: '/s', source: MountSource.secret('s', { items: { k: '../k' } }) }] }] }, 'sidecars[0].mounts[0].source.items["k"]: got "../k"; expected a relative file path without ".."'],
    ['one Secret mounted twice with different items', { sidecars: [{ ...agent, mounts: [{ path: '/a', source: MountSource.secret('s', { items: { a: 'a' } }) }, { path: '/b', source: MountSource.secret('s') }] }] },
      'mounts: got "secret-s"; expected the same items and defaultMode wherever one ConfigMap or Secret is mounted in the pod'],
    ['a Service target port nobody declares', { sidecars: [agent], serviceTargetPort: 'https' }, 'serviceTargetPort: got "https"; expected the name of a container port: http, metrics'],
  ])('refuses %s', (_t, props, message) => {
    expect(error(props as Partial<WebServiceProps>)).toContain(`[test/shop/web] ${message}`);
  });
});

import { MODERN_TLS12_CIPHERS, nginxTlsProxy, renderNginxConfig } from '../../../lib/mesh/nginx-config';
import { NginxTlsSidecar } from '../../../lib/mesh/nginx-tls-sidecar';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { directiveArgs, directives, parseNginxConfig } from '../../helpers/nginx';
import { restrictedViolations } from '../../helpers/pod-security';
import { find, synth, synthError } from '../../helpers/synth';

describe('nginx config rendering', () => {
  test('the parser reads what nginx reads, and refuses what nginx refuses', () => {
    expect(parseNginxConfig('# c\nevents { worker_connections 10; }\nuser nginx;')).toEqual([
      { name: 'events', args: [], block: [{ name: 'worker_connections', args: ['10'] }] },
      { name: 'user', args: ['nginx'] },
    ]);
    expect(() => parseNginxConfig('events { worker_connections 10;')).toThrow('unexpected end of file');
    expect(() => parseNginxConfig('user nginx')).toThrow('unexpected end of file');
    expect(() => parseNginxConfig('user nginx; }')).toThrow('unexpected "}"');
  });

  test('a rendered model parses back to the same directives', () => {
    const model = nginxTlsProxy({
      listenPort: 9443, serverName: 'shop', certificateFile: '/tls/c', keyFile: '/tls/k', protocols: ['TLSv1.3'], ciphers: MODERN_TLS12_CIPHERS, upstream: 'http://127.0.0.1:80/',
    });
    const strip = (ds: readonly any[]): any[] => ds.map((d) => (d.block ? { name: d.name, args: [...d.args], block: strip(d.block) } : { name: d.name, args: [...d.args] }));
    expect(parseNginxConfig(renderNginxConfig(model))).toEqual(strip(model));
  });
});

describe('NginxTlsSidecar in front of a web service', () => {
  const out = synth((s) => {
    const ns = new SecureNamespace(s, 'shop');
    const tls = new NginxTlsSidecar(ns, 'web-proxy', { upstreamPort: 5000, certificateSecret: 'web-tls', serverName: 'web.shop.svc' });
    new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0', containerPort: 5000, sidecars: [tls.container], servicePort: 443, serviceTargetPort: tls.portName });
  });
  const conf = parseNginxConfig(find(out, 'ConfigMap', 'web-proxy').data['nginx.conf']);
  const pod = find(out, 'Deployment', 'web').spec.template.spec;
  const nginx = pod.containers.find((c: any) => c.name === 'nginx');

  test('nginx listens with TLS on 8443 and proxies to the app on localhost', () => {
    expect(directiveArgs(conf, 'http/server/listen')).toEqual(['8443', 'ssl']);
    expect(directiveArgs(conf, 'http/server/server_name')).toEqual(['web.shop.svc']);
    expect(directiveArgs(conf, 'http/server/location')).toEqual(['/']);
    expect(directiveArgs(conf, 'http/server/location/proxy_pass')).toEqual(['http://127.0.0.1:5000/']);
    expect(directives(conf, 'http/server/location/proxy_set_header').map((d) => d.args[0])).toEqual(['X-Forwarded-For', 'X-Forwarded-Proto', 'Host']);
  });

  test('only TLS 1.2 and 1.3, forward-secret AEAD ciphers, no version banner', () => {
    expect(directiveArgs(conf, 'http/server/ssl_protocols')).toEqual(['TLSv1.2', 'TLSv1.3']);
    const ciphers = directiveArgs(conf, 'http/server/ssl_ciphers')[0].split(':');
    expect(ciphers.length).toBeGreaterThan(0);
    expect(ciphers.every((c) => c.startsWith('ECDHE-') && /GCM|CHACHA20/.test(c))).toBe(true);
    expect(directiveArgs(conf, 'http/server_tokens')).toEqual(['off']);
  });

  test('the certificate comes from the Secret, mounted read-only where the config looks for it', () => {
    expect(directiveArgs(conf, 'http/server/ssl_certificate')).toEqual(['/etc/nginx/tls/tls.crt']);
    expect(directiveArgs(conf, 'http/server/ssl_certificate_key')).toEqual(['/etc/nginx/tls/tls.key']);
    const tlsMount = nginx.volumeMounts.find((m: any) => m.mountPath === '/etc/nginx/tls');
    expect(tlsMount.readOnly).toBe(true);
    const volume = pod.volumes.find((v: any) => v.name === tlsMount.name);
    expect(volume.secret).toMatchObject({ secretName: 'web-tls', defaultMode: 0o440 });
    const confMount = nginx.volumeMounts.find((m: any) => m.mountPath === '/etc/nginx/nginx.conf');
    expect(confMount).toMatchObject({ subPath: 'nginx.conf', readOnly: true });
    expect(pod.volumes.find((v: any) => v.name === confMount.name).configMap.name).toBe('web-proxy');
  });

  test('temporary files and the pid file go to writable emptyDirs, so the root file system stays read-only', () => {
    expect(directiveArgs(conf, 'pid')[0].startsWith('/tmp/')).toBe(true);
    for (const d of ['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path']) {
      expect(directiveArgs(conf, `http/${d}`)[0].startsWith('/tmp/')).toBe(true);
    }
    const writable = nginx.volumeMounts.filter((m: any) => pod.volumes.find((v: any) => v.name === m.name).emptyDir).map((m: any) => m.mountPath);
    expect(writable).toEqual(['/tmp', '/var/cache/nginx']);
    expect(nginx.securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsUser: 101, runAsNonRoot: true });
  });

  test('an unprivileged, pinned image; the pod passes Pod Security restricted', () => {
    expect(nginx.image).toBe('nginxinc/nginx-unprivileged:1.28.0-alpine');
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('the Service sends port 443 to the sidecar, not to the plain-text app port', () => {
    expect(find(out, 'Service', 'web').spec.ports).toEqual([{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }]);
    expect(nginx.readinessProbe.tcpSocket).toEqual({ port: 'https' });
  });
});

describe('NginxTlsSidecar bad input', () => {
  const ns = (s: any) => new SecureNamespace(s, 'shop');
  test.each([
    ['TLS 1.1', { protocols: ['TLSv1.1'] }, 'protocols[0]: got "TLSv1.1"; expected TLSv1.2 or TLSv1.3 (older versions are broken)'],
    ['a privileged listen port', { listenPort: 443 }, 'listenPort: got 443; expected a port from 1025 to 65535 (an unprivileged container cannot bind lower ports)'],
    ['a server name that would inject a directive', { serverName: 'a; include /etc/passwd' }, 'serverName: got "a; include /etc/passwd"; expected a host name such as "localhost"'],
    ['an unpinned image', { image: 'nginx' }, 'image: got "nginx"; expected an image reference pinned by tag or digest'],
    ['listening on the upstream port', { listenPort: 5000 }, 'listenPort: got 5000; expected a port other than the upstream port 5000'],
  ])('refuses %s', (_t, props, message) => {
    expect(synthError((s) => new NginxTlsSidecar(ns(s), 'proxy', { upstreamPort: 5000, certificateSecret: 'tls', ...(props as any) })).message)
      .toContain(`[test/shop/proxy] ${message}`);
  });
});

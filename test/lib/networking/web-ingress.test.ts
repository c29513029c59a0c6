import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { WebIngress } from '../../../lib/networking/web-ingress';
import { ValidationError } from '../../../lib/core/errors';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { WebService } from '../../../lib/workloads/web-service';
import { all, find, synth, synthError } from '../../helpers/synth';

describe('WebIngress', () => {
  test('groups paths by host and covers subdomains with a wildcard certificate', () => {
    const out = synth((stack) => new WebIngress(stack, 'edge', {
      namespace: 'shop',
      controller: IngressController.of({ className: 'haproxy', namespace: 'haproxy', podLabels: { app: 'haproxy' } }),
      rules: [
        { host: 'a.example.com', serviceName: 'web', servicePort: 80 },
        { host: 'a.example.com', path: '/api', pathType: 'Exact', serviceName: 'api', servicePort: 'http' },
        { host: 'b.example.com', serviceName: 'web', servicePort: 80 },
      ],
      tls: IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt', hosts: ['*.example.com'] }),
      annotations: { 'haproxy.org/ssl-redirect': 'true' },
    }));
    const ingress = find(out, 'Ingress', 'edge');
    expect(ingress.spec.ingressClassName).toBe('haproxy');
    expect(ingress.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => [p.path, p.pathType, p.backend.service])])).toEqual([
      ['a.example.com', [['/', 'Prefix', { name: 'web', port: { number: 80 } }], ['/api', 'Exact', { name: 'api', port: { name: 'http' } }]]],
      ['b.example.com', [['/', 'Prefix', { name: 'web', port: { number: 80 } }]]],
    ]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['*.example.com'], secretName: 'edge-tls' }]);
    expect(ingress.metadata.annotations).toEqual({ 'haproxy.org/ssl-redirect': 'true', 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  test('a wildcard certificate does not cover a deeper subdomain', () => {
    const err = synthError((stack) => new WebIngress(stack, 'edge', {
      namespace: 'shop',
      controller: IngressController.TRAEFIK,
      rules: [{ host: 'x.a.example.com', serviceName: 'web', servicePort: 80 }],
      tls: IngressTls.fromSecret('wild', { hosts: ['*.example.com'] }),
    }));
    expect(err.message).toContain('[test/edge] tls.hosts[0]: got "*.example.com"; expected a host that appears in the Ingress rules (x.a.example.com)');
  });

  test('cert-manager needs exactly one issuer', () => {
    const err = synthError((stack) => new WebIngress(stack, 'edge', {
      namespace: 'shop',
      controller: IngressController.TRAEFIK,
      rules: [{ host: 'a.example.com', serviceName: 'web', servicePort: 80 }],
      tls: IngressTls.fromCertManager({}),
    }));
    expect(err.message).toContain('tls.clusterIssuer: got undefined; expected exactly one of clusterIssuer or issuer');
  });

  test('a custom ingress controller is validated', () => {
    expect(() => IngressController.of({ className: 'Bad_Class', namespace: 'ingress', podLabels: {} }))
      .toThrow(/className: got "Bad_Class"; expected an object name[\s\S]*podLabels: got \{\}; expected at least one label/);
  });
});

describe('IngressController.awsLoadBalancer (ALBs of the AWS Load Balancer Controller)', () => {
  const PUBLIC = ['10.0.0.0/24', '10.0.1.0/24'];
  const alb = IngressController.awsLoadBalancer({ sourceCidrs: PUBLIC });

  test('names the class "alb" and takes its traffic from the ALBs\' subnets, not from pods', () => {
    expect([alb.className, alb.sourceCidrs, alb.namespace, alb.podLabels]).toEqual(['alb', PUBLIC, undefined, undefined]);
    expect(IngressController.awsLoadBalancer({ sourceCidrs: ['10.20.0.0/20'], className: 'alb-public' }).className).toBe('alb-public');
  });

  test('a class name with dots (an object name) names its policy too', () => {
    const dotted = IngressController.awsLoadBalancer({ sourceCidrs: PUBLIC, className: 'alb.public' });
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      ns.allowFromIngress(new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0', ingress: { host: 'shop.example.com', controller: dotted, tls: IngressTls.fromAcm() } }));
    });
    expect(find(out, 'NetworkPolicy', 'web-ingress-from-alb.public').spec.ingress[0].from).toHaveLength(2);
  });

  test('a published web service lets those blocks in on its served port, and only there', () => {
    const out = synth((stack) => {
      const ns = new SecureNamespace(stack, 'shop');
      const web = new WebService(ns, 'web', { image: 'ghcr.io/acme/web:1.0.0', ingress: { host: 'shop.example.com', controller: alb, tls: IngressTls.fromAcm() } });
      ns.allowFromIngress(web);
    });
    expect(find(out, 'Ingress', 'web').spec.ingressClassName).toBe('alb');
    const policies = all(out, 'NetworkPolicy').filter((p) => JSON.stringify(p.spec.ingress ?? []).includes('ipBlock'));
    expect(policies.map((p) => [p.metadata.name, p.spec.podSelector, p.spec.policyTypes, p.spec.ingress])).toEqual([[
      'web-ingress-from-alb', { matchLabels: { app: 'web' } }, ['Ingress'],
      [{ from: [{ ipBlock: { cidr: '10.0.0.0/24' } }, { ipBlock: { cidr: '10.0.1.0/24' } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    ]]);
    // No policy lets pods of any namespace in, as an in-cluster controller's would.
    expect(JSON.stringify(all(out, 'NetworkPolicy').map((p) => p.spec.ingress ?? []))).not.toContain('namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"ingress');
  });

  test('NetworkPeer.ingressController names the controller', () => {
    expect(NetworkPeer.ingressController(alb).toJSON()).toBe('NetworkPeer.ipBlocks("alb", ...)');
    expect(NetworkPeer.ingressController(alb).displayName).toBe('alb');
  });

  test.each([
    [{ sourceCidrs: ['0.0.0.0/0'] }, 'sourceCidrs[0]: got "0.0.0.0/0"; expected an IPv4 CIDR by its network address, such as "10.0.0.0/24": a subnet or VPC block (AWS allows /16 to /28)'],
    [{ sourceCidrs: ['10.0.0.0/8'] }, 'sourceCidrs[0]: got "10.0.0.0/8"'],
    [{ sourceCidrs: ['10.0.0.1/24'] }, 'sourceCidrs[0]: got "10.0.0.1/24"'],
    [{ sourceCidrs: ['10.0.0.0/24', 'fd00::/56'] }, 'sourceCidrs[1]: got "fd00::/56"'],
    [{ sourceCidrs: ['10.0.0.0/24', '10.0.0.0/24'] }, 'sourceCidrs'],
    [{ sourceCidrs: [] }, 'sourceCidrs: got []; expected a list of 1 to 16 subnet CIDRs'],
    [{ sourceCidrs: '10.0.0.0/16' }, 'sourceCidrs: got "10.0.0.0/16"; expected a list of 1 to 16 subnet CIDRs'],
    [{}, 'sourceCidrs: got undefined'],
    [{ sourceCidrs: PUBLIC, className: 'ALB' }, 'className: got "ALB"'],
    [{ sourceCidrs: PUBLIC, vpcCidr: '10.0.0.0/16' }, 'vpcCidr'],
    [undefined, 'props: got undefined; expected { sourceCidrs, className? }'],
  ])('refuses %j', (props, message) => {
    expect(() => IngressController.awsLoadBalancer(props as any)).toThrow(ValidationError);
    expect(() => IngressController.awsLoadBalancer(props as any)).toThrow(message);
  });
});

describe('IngressTls.fromAcm (TLS at the ALB)', () => {
  const alb = IngressController.awsLoadBalancer({ sourceCidrs: ['10.0.0.0/24'] });
  const ARN = 'arn:aws:acm:us-west-2:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
  const edge = (controller: IngressController, tls: IngressTls) => (stack: any) => new WebIngress(stack, 'edge', {
    namespace: 'shop', controller, tls, rules: [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }],
  });

  test('an HTTPS-only listener with the certificates named, and spec.tls without a Secret', () => {
    const ingress = find(synth(edge(alb, IngressTls.fromAcm({ certificateArns: [ARN] }))), 'Ingress', 'edge');
    expect(ingress.metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]', 'alb.ingress.kubernetes.io/certificate-arn': ARN });
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'] }]);
  });

  test('without ARNs, the controller discovers ACM certificates by the hosts', () => {
    const ingress = find(synth(edge(alb, IngressTls.fromAcm())), 'Ingress', 'edge');
    expect(ingress.metadata.annotations).toEqual({ 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'] }]);
  });

  test('an ALB with a Secret or cert-manager would serve plain HTTP: refused, as is ACM on an in-cluster controller', () => {
    expect(synthError(edge(alb, IngressTls.fromSecret('shop-tls'))).message)
      .toContain('tls: got "IngressTls.fromSecret(...)"; expected IngressTls.fromAcm(): the ALBs of IngressClass "alb" terminate TLS with ACM certificates');
    expect(synthError(edge(alb, IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt' }))).message).toContain('tls: got "IngressTls.fromCertManager(...)"');
    expect(synthError(edge(IngressController.TRAEFIK, IngressTls.fromAcm())).message)
      .toContain('tls: got "IngressTls.fromAcm(...)"; expected IngressTls.fromSecret() or IngressTls.fromCertManager(): ACM certificates serve only the ALBs');
  });

  test('annotations the TLS source writes cannot also be given (they would be replaced without a word)', () => {
    const withAnnotations = (tls: IngressTls, controller: IngressController, annotations: Record<string, string>) => synthError((stack) => new WebIngress(stack, 'edge', {
      namespace: 'shop', controller, tls, annotations, rules: [{ host: 'shop.example.com', serviceName: 'web', servicePort: 80 }],
    })).message;
    expect(withAnnotations(IngressTls.fromAcm(), alb, { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]' }))
      .toContain('annotations.alb.ingress.kubernetes.io/listen-ports: got "[{\\"HTTP\\":80},{\\"HTTPS\\":443}]"; expected no alb.ingress.kubernetes.io/listen-ports: the TLS source (tls) writes it');
    expect(withAnnotations(IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt' }), IngressController.TRAEFIK, { 'cert-manager.io/cluster-issuer': 'other' }))
      .toContain('annotations.cert-manager.io/cluster-issuer: got "other"');
    // Other annotations stay the user's.
    const ingress = find(synth(edge(alb, IngressTls.fromAcm())), 'Ingress', 'edge');
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/listen-ports']).toBe('[{"HTTPS":443}]');
  });

  test.each([
    [{ certificateArns: [] }, 'tls.certificateArns: got []'],
    [{ certificateArns: ['arn:aws:iam::123456789012:server-certificate/web'] }, 'tls.certificateArns[0]: got "arn:aws:iam::123456789012:server-certificate/web"; expected an ACM certificate ARN'],
    [{ certificateArns: [ARN, ARN] }, 'tls.certificateArns'],
    [{ hosts: ['other.example.com'] }, 'tls.hosts[0]: got "other.example.com"'],
    [{ secretName: 'x' }, 'secretName'],
  ])('refuses %j', (options, message) => {
    expect(synthError(edge(alb, IngressTls.fromAcm(options as any))).message).toContain(message);
  });
});

import { ApiObject, JsonPatch } from 'cdk8s';
import { DefaultDenyPolicy } from '../../../lib/networking/default-deny-policy';
import { NetworkPeer } from '../../../lib/networking/network-peer';
import { NetworkPolicy } from '../../../lib/networking/network-policy';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { find, findWithPath, synth, synthError, synthWithPaths } from '../../helpers/synth';

describe('NetworkPolicy', () => {
  // The CNCF book's three-peer rule and worker egress, rebuilt with typed peers.
  const out = synth((stack) => {
    new NetworkPolicy(stack, 'db-access', {
      namespace: 'development',
      podSelector: { role: 'db' },
      ingress: [{
        peers: [
          NetworkPeer.ipBlock('192.18.0.0/16', ['192.18.1.0/24']),
          NetworkPeer.namespace('sample-project'),
          NetworkPeer.pods('frontend', { role: 'frontend' }),
        ],
        ports: [{ port: 3257 }],
      }],
      egress: [{ peers: [NetworkPeer.ipBlock('10.0.0.0/24')], ports: [{ port: 5832, protocol: 'TCP' }] }],
    });
    new NetworkPolicy(stack, 'from-ingress', {
      namespace: 'shop',
      podSelector: { app: 'web' },
      ingress: [{ peers: [NetworkPeer.ingressController(IngressController.INGRESS_NGINX)], ports: [{ port: 'http' }] }],
    });
  });

  test('renders ipBlock with except, namespace and pod peers, and both directions', () => {
    const p = find(out, 'NetworkPolicy', 'db-access');
    expect(p.metadata.namespace).toBe('development');
    expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(p.spec.podSelector).toEqual({ matchLabels: { role: 'db' } });
    expect(p.spec.ingress).toEqual([{
      from: [
        { ipBlock: { cidr: '192.18.0.0/16', except: ['192.18.1.0/24'] } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'sample-project' } } },
        { podSelector: { matchLabels: { role: 'frontend' } } },
      ],
      ports: [{ port: 3257, protocol: 'TCP' }],
    }]);
    expect(p.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ port: 5832, protocol: 'TCP' }] }]);
  });

  test('a peer in another namespace is selected by namespace and pod labels', () => {
    const p = find(out, 'NetworkPolicy', 'from-ingress');
    expect(p.spec.policyTypes).toEqual(['Ingress']);
    expect(p.spec.egress).toBeUndefined();
    expect(p.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' } },
    }]);
    expect(p.spec.ingress[0].ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
  });

  test('bad CIDRs, ports and empty rules are rejected', () => {
    const err = synthError((stack) => new NetworkPolicy(stack, 'bad', {
      namespace: 'shop',
      podSelector: {},
      ingress: [{ peers: [NetworkPeer.ipBlock('10.0.0.0/99')], ports: [{ port: 70000 }] }, { peers: [] }],
    }));
    expect(err.message).toContain('[test/bad] ingress[0].peers[0].cidr: got "10.0.0.0/99"; expected a CIDR block');
    expect(err.message).toContain('ingress[0].ports[0].port: got 70000; expected an integer port number from 1 to 65535');
    expect(err.message).toContain('ingress[1].peers: got []; expected at least one peer');
  });

  test('several address blocks as one peer: an ipBlock entry each; their name, list and blocks are checked', () => {
    const p = find(synth((stack) => new NetworkPolicy(stack, 'from-lb', {
      namespace: 'shop', podSelector: { app: 'web' },
      ingress: [{ peers: [NetworkPeer.ipBlocks('public-subnets', ['10.0.96.0/24', '10.0.97.0/24'])], ports: [{ port: 8080 }] }],
    })), 'NetworkPolicy', 'from-lb');
    expect(p.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '10.0.96.0/24' } }, { ipBlock: { cidr: '10.0.97.0/24' } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
    expect(NetworkPeer.ipBlocks('public-subnets', ['10.0.96.0/24']).displayName).toBe('public-subnets');

    const bad = (peer: NetworkPeer) => synthError((stack) => new NetworkPolicy(stack, 'bad', { namespace: 'shop', podSelector: {}, ingress: [{ peers: [peer] }] })).message;
    expect(bad(NetworkPeer.ipBlocks('Public', ['10.0.96.0/24']))).toContain('ingress[0].peers[0].name: got "Public"');
    expect(bad(NetworkPeer.ipBlocks('lb', []))).toContain('ingress[0].peers[0].cidrs: got []; expected a list of 1 to 16 CIDR blocks');
    expect(bad(NetworkPeer.ipBlocks('lb', '10.0.96.0/24' as any))).toContain('ingress[0].peers[0].cidrs: got "10.0.96.0/24"; expected a list of 1 to 16 CIDR blocks');
    expect(bad(NetworkPeer.ipBlocks('lb', ['10.0.96.0/24', '10.0.96.0/33']))).toContain('ingress[0].peers[0].cidrs[1]: got "10.0.96.0/33"; expected a CIDR block');
    expect(bad(NetworkPeer.ipBlocks('lb', ['10.0.96.0/24', '10.0.96.0/24']))).toContain('ingress[0].peers[0].cidrs');
  });
});

describe('NetworkPolicy kit', () => {
  test('namespaces selected by label, alone or ANDed with pod labels; port ranges with endPort', () => {
    const out = synth((stack) => new NetworkPolicy(stack, 'p', {
      namespace: 'default',
      podSelector: { role: 'db' },
      ingress: [{
        peers: [
          NetworkPeer.namespacesLabelled('myproject', { project: 'myproject' }),
          // The CKA notes' AND example: pods role=client in namespaces user=alice, in one peer.
          NetworkPeer.namespacesLabelled('alice-clients', { user: 'alice' }, { role: 'client' }),
        ],
        ports: [{ port: 6379 }],
      }],
      egress: [{ peers: [NetworkPeer.ipBlock('10.0.0.0/24')], ports: [{ port: 32000, endPort: 32768 }] }],
    }));
    const p = find(out, 'NetworkPolicy', 'p');
    expect(p.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { project: 'myproject' } } },
      { namespaceSelector: { matchLabels: { user: 'alice' } }, podSelector: { matchLabels: { role: 'client' } } },
    ]);
    expect(p.spec.egress[0].ports).toEqual([{ port: 32000, endPort: 32768, protocol: 'TCP' }]);
  });

  test('DefaultDenyPolicy isolates a namespace created elsewhere, keeping DNS open', () => {
    const out = synth((stack) => new DefaultDenyPolicy(stack, 'legacy', { namespace: 'legacy', name: 'full-restriction-policy' }));
    expect(find(out, 'NetworkPolicy', 'full-restriction-policy')).toMatchObject({
      metadata: { namespace: 'legacy' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [] },
    });
    expect(find(out, 'NetworkPolicy', 'full-restriction-policy-allow-dns').spec.egress).toEqual([{
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    }]);
  });

  test('DefaultDenyPolicy refuses the namespaces of the cluster itself', () => {
    for (const namespace of ['kube-system', 'kube-public', 'kube-node-lease']) {
      expect(synthError((stack) => new DefaultDenyPolicy(stack, 'deny', { namespace })).message)
        .toContain(`[test/deny] namespace: got "${namespace}"; expected a namespace other than kube-system, kube-public and kube-node-lease`);
    }
  });
});

describe('NetworkPolicy escape hatch', () => {
  test('a JSON patch on the main object (child "Resource") is in the written NetworkPolicy', () => {
    const out = synthWithPaths((stack) => {
      const policy = new NetworkPolicy(stack, 'to-dns', { namespace: 'shop', podSelector: {}, egress: [{ peers: [NetworkPeer.namespace('kube-system')] }] });
      ApiObject.of(policy.resource).addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/ticket': 'NET-42' }));
    });
    const written = findWithPath(out, 'NetworkPolicy');
    expect(written.constructPath).toBe('test/to-dns/Resource');
    expect(written.manifest.metadata.annotations).toEqual({ 'example.com/ticket': 'NET-42' });
    expect(written.manifest.spec.policyTypes).toEqual(['Egress']);
  });
});

import {
  CIDR, DNS_1035_LABEL, DNS_LABEL, GO_DURATION, INGRESS_HOST, LABEL_KEY, OBJECT_NAME, PINNED_IMAGE, PORT_NAME,
  POSITIVE_QUANTITY, UNPRIVILEGED_PORT, parseImage, parseQuantity,
} from '../../../lib/core/formats';
import { boundedName } from '../../../lib/core/names';

describe('quantities', () => {
  test.each([
    ['10Gi', 10 * 2 ** 30], ['512Mi', 512 * 2 ** 20], ['1G', 1e9], ['250m', 0.25], ['1.5', 1.5], ['2e3', 2000], ['1k', 1000],
  ])('%s parses to %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  test.each(['10Gb', '10 Gi', 'Gi', '', 'ten', '1.2.3', '10GiB', '-'])('%p is not a quantity', (text) => {
    expect(parseQuantity(text)).toBeUndefined();
    expect(POSITIVE_QUANTITY.test(text)).toBe(false);
  });

  test('zero and negative quantities are not positive', () => {
    expect(POSITIVE_QUANTITY.test('0')).toBe(false);
    expect(POSITIVE_QUANTITY.test('-1Gi')).toBe(false);
    expect(POSITIVE_QUANTITY.test('1Mi')).toBe(true);
  });
});

describe('images', () => {
  test.each([
    'mysql:8.4.7', 'redis:7.4.2', 'packtworkshops/the-kubernetes-workshop:demo-app-with-mysql',
    'ghcr.io/org/app:v1.2.3', 'registry.example.com:5000/team/app:1', 'Registry.Example.com/team/app:1', 'localhost:5000/app:dev',
    `app@sha256:${'a'.repeat(64)}`, `quay.io/x/y:1.0@sha256:${'b'.repeat(64)}`,
  ])('%s is pinned', (image) => {
    expect(PINNED_IMAGE.test(image)).toBe(true);
  });

  test.each(['nginx', 'nginx:latest', 'Nginx:1.0', 'repo/app:', ':1.0', 'a b:1', 'ghcr.io/org/app', 'MyOrg/app:1'])('%p is rejected', (image) => {
    expect(PINNED_IMAGE.test(image)).toBe(false);
  });

  test('parses tag and digest', () => {
    expect(parseImage('ghcr.io/org/app:v1')).toEqual({ repository: 'ghcr.io/org/app', tag: 'v1', digest: undefined });
  });
});

describe('names, hosts and ports', () => {
  test('DNS labels', () => {
    expect(DNS_LABEL.test('counter-mysql')).toBe(true);
    expect(DNS_LABEL.test('1abc')).toBe(true);
    for (const bad of ['My_DB', '-a', 'a-', 'a'.repeat(64), '', 'a.b']) {
      expect(DNS_LABEL.test(bad)).toBe(false);
    }
  });

  test('Service names must start with a letter', () => {
    expect(DNS_1035_LABEL.test('web')).toBe(true);
    expect(DNS_1035_LABEL.test('1web')).toBe(false);
  });

  test('object names allow dots but not more than 63 characters', () => {
    expect(OBJECT_NAME.test('counter.com-tls')).toBe(true);
    expect(OBJECT_NAME.test('a'.repeat(64))).toBe(false);
    expect(OBJECT_NAME.test('a..b')).toBe(false);
  });

  test('Ingress hosts', () => {
    expect(INGRESS_HOST.test('counter.com')).toBe(true);
    expect(INGRESS_HOST.test('*.example.com')).toBe(true);
    for (const bad of ['', 'Counter.com', '10.0.0.1', 'a..com', 'foo.*.com', 'http://x.com']) {
      expect(INGRESS_HOST.test(bad)).toBe(false);
    }
  });

  test('port names', () => {
    expect(PORT_NAME.test('http')).toBe(true);
    expect(PORT_NAME.test('metrics-9090')).toBe(true);
    for (const bad of ['8080', 'HTTP', 'a--b', 'a-very-long-port-name', '-http']) {
      expect(PORT_NAME.test(bad)).toBe(false);
    }
  });

  test('label keys, CIDRs and durations', () => {
    expect(LABEL_KEY.test('app.kubernetes.io/name')).toBe(true);
    expect(LABEL_KEY.test('bad key')).toBe(false);
    expect(CIDR.test('10.0.0.0/16')).toBe(true);
    expect(CIDR.test('fd00::/8')).toBe(true);
    expect(CIDR.test('10.0.0.0/33')).toBe(false);
    expect(CIDR.test('10.0.0/16')).toBe(false);
    expect(GO_DURATION.test('1h30m')).toBe(true);
    expect(GO_DURATION.test('1 hour')).toBe(false);
  });
});

describe('boundedName', () => {
  test('keeps short names and shortens long ones deterministically and distinctly', () => {
    expect(boundedName('short')).toBe('short');
    const a = boundedName(`${'x'.repeat(60)}-ingress-from-a`);
    const b = boundedName(`${'x'.repeat(60)}-ingress-from-b`);
    expect(a).toHaveLength(63);
    expect(a).not.toBe(b);
    expect(boundedName(`${'x'.repeat(60)}-ingress-from-a`)).toBe(a);
    expect(DNS_LABEL.test(a)).toBe(true);
  });
});

describe('unprivileged ports', () => {
  test.each([[1025, true], [8443, true], [65535, true], [1024, false], [443, false], [65536, false], [8080.5, false]])('%d: %p', (port, ok) => {
    expect(UNPRIVILEGED_PORT.test(port)).toBe(ok);
  });
});

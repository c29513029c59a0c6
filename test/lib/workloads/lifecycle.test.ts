import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { LifecycleAction } from '../../../lib/workloads/lifecycle';
import { WebService, WebServiceProps } from '../../../lib/workloads/web-service';
import { find, synth, synthError } from '../../helpers/synth';

const IMAGE = 'ghcr.io/acme/web:4.0.0';

function webPod(props: Partial<WebServiceProps>) {
  return find(synth((s) => new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, ...props })), 'Deployment', 'web').spec.template.spec;
}

describe('lifecycle hooks', () => {
  test('none by default', () => {
    expect(webPod({}).containers[0]).not.toHaveProperty('lifecycle');
  });

  test('exec after start, HTTP call before stop (on a named port)', () => {
    const [container] = webPod({
      lifecycle: { postStart: LifecycleAction.exec(['/app/warm-cache', '--quick']), preStop: LifecycleAction.httpGet('/drain', 'http') },
    }).containers;
    expect(container.lifecycle).toEqual({
      postStart: { exec: { command: ['/app/warm-cache', '--quick'] } },
      preStop: { httpGet: { path: '/drain', port: 'http' } },
    });
  });

  test('HTTP call on a port number', () => {
    const [container] = webPod({ lifecycle: { preStop: LifecycleAction.httpGet('/shutdown', 9000) } }).containers;
    expect(container.lifecycle).toEqual({ preStop: { httpGet: { path: '/shutdown', port: 9000 } } });
  });

  test('a preStop sleep, written by the seam (the 1.27 types lack it), lets load balancers drain the pod', () => {
    const [container] = webPod({ lifecycle: { preStop: LifecycleAction.sleep(10) } }).containers;
    expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
  });

  test('a sleep up to the termination grace period', () => {
    const pod = webPod({ terminationGracePeriodSeconds: 120, lifecycle: { preStop: LifecycleAction.sleep(90) } });
    expect(pod.terminationGracePeriodSeconds).toBe(120);
    expect(pod.containers[0].lifecycle.preStop.sleep).toEqual({ seconds: 90 });
  });

  test('a sleep longer than the grace period (30 seconds by default) is refused, as Kubernetes would', () => {
    const error = synthError((s) => new WebService(new SecureNamespace(s, 'shop'), 'web', { image: IMAGE, lifecycle: { preStop: LifecycleAction.sleep(45) } }));
    expect(error.message).toContain("lifecycle.preStop.seconds: got 45; expected at most the pod's terminationGracePeriodSeconds (30)");
  });

  test('hooks of a sidecar, its HTTP hook on its own port', () => {
    const pod = webPod({
      sidecars: [{
        name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', ports: [{ name: 'admin', port: 15000 }],
        lifecycle: { preStop: LifecycleAction.httpGet('/quitquitquit', 'admin'), postStart: LifecycleAction.sleep(2) },
      }],
    });
    expect(pod.containers[1].name).toBe('proxy');
    expect(pod.containers[1].lifecycle).toEqual({ postStart: { sleep: { seconds: 2 } }, preStop: { httpGet: { path: '/quitquitquit', port: 'admin' } } });
    expect(pod.containers[0]).not.toHaveProperty('lifecycle');
  });

  test('hooks of a native sidecar (an init container) are written too', () => {
    const pod = webPod({
      sidecars: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:2.0.0', ports: [{ name: 'admin', port: 15000 }], native: true, lifecycle: { preStop: LifecycleAction.sleep(5) } }],
    });
    expect(pod.initContainers[0]).toMatchObject({ name: 'proxy', restartPolicy: 'Always', lifecycle: { preStop: { sleep: { seconds: 5 } } } });
  });
});

import { k8s } from '../core/k8s';
import { HTTP_PATH } from '../core/formats';
import { PropsValidator } from '../core/validator';

/** Timing of a probe. Unset fields take the defaults of the probe's role (readiness, liveness or startup). */
export interface ProbeOptions {
  /**
   * Seconds after the container starts before the first probe.
   * @default 0 for readiness and startup, 10 for liveness
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   * @default 5 for readiness and startup, 10 for liveness
   */
  readonly periodSeconds?: number;
  /**
   * Seconds after which one probe attempt times out.
   * @default 2
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default 3 for readiness, 6 for liveness, 60 for startup (5 minutes to start)
   */
  readonly failureThreshold?: number;
}

/** The role a probe plays on a container; each has its own safe timing defaults. */
export type ProbeRole = 'readiness' | 'liveness' | 'startup';

const ROLE_DEFAULTS: Record<ProbeRole, Required<ProbeOptions>> = {
  readiness: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
  liveness: { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 6 },
  startup: { initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60 },
};

type Handler =
  | { readonly kind: 'tcp'; readonly port: number | string }
  | { readonly kind: 'http'; readonly path: string; readonly port: number | string; readonly scheme: 'HTTP' | 'HTTPS' }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

/**
 * A health check of a container. Prefer side-effect-free checks: an HTTP endpoint that changes state (such as the
 * counter app's `/get-number`) must not be probed; use {@link Probe.tcp} instead.
 */
export class Probe {
  /** Succeeds when a TCP connection to the port (number or container port name) opens. */
  public static tcp(port: number | string, options: ProbeOptions = {}): Probe {
    return new Probe({ kind: 'tcp', port }, options);
  }

  /** Succeeds when `GET path` on the port answers with a status from 200 to 399. */
  public static http(path: string, port: number | string, options: ProbeOptions = {}): Probe {
    return new Probe({ kind: 'http', path, port, scheme: 'HTTP' }, options);
  }

  /** Like {@link Probe.http}, over TLS, for servers that only speak HTTPS (the kubelet does not verify the certificate). */
  public static https(path: string, port: number | string, options: ProbeOptions = {}): Probe {
    return new Probe({ kind: 'http', path, port, scheme: 'HTTPS' }, options);
  }

  /** Succeeds when the command exits with status 0 inside the container. */
  public static exec(command: readonly string[], options: ProbeOptions = {}): Probe {
    return new Probe({ kind: 'exec', command }, options);
  }

  private constructor(private readonly handler: Handler, private readonly options: ProbeOptions) {}

  /**
   * Checks the probe; `portNames` are the container's named ports, which a probe may refer to by name (the kubelet
   * resolves a name in the probed container's own ports), and `portNumbers` every port the pod's containers declare:
   * a probe of a port no container listens on fails forever (a liveness probe restarts the container in a loop).
   * The factories keep their arguments as given; whatever a JavaScript caller passed is reported here, at the prop.
   * @internal
   */
  public _validate(v: PropsValidator, field: string, portNames: readonly string[], portNumbers?: readonly number[]): void {
    const h = this.handler;
    if (h.kind === 'exec') {
      v.check(Array.isArray(h.command) && h.command.length > 0 && h.command.every((c) => typeof c === 'string' && c.length > 0),
        `${field}.command`, h.command, 'a non-empty list of non-empty strings');
    } else {
      if (typeof h.port === 'number') {
        if (v.portRef(`${field}.port`, h.port, true) && portNumbers !== undefined) {
          v.check(portNumbers.includes(h.port), `${field}.port`, h.port,
            `a port that a container of the pod declares (${portNumbers.join(', ') || 'none declared'}): declare it in \`ports\`, or probe another`);
        }
      } else {
        v.check(typeof h.port === 'string' && portNames.includes(h.port), `${field}.port`, h.port,
          `a port number or one of the container's port names (${portNames.join(', ') || 'none defined'})`);
      }
      if (h.kind === 'http') {
        v.format(`${field}.path`, h.path, HTTP_PATH, true);
      }
    }
    if (v.knownProps(field, this.options, ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'])) {
      const o = this.options ?? {};
      v.integer(`${field}.initialDelaySeconds`, o.initialDelaySeconds, 0, 2 ** 31 - 1);
      v.integer(`${field}.periodSeconds`, o.periodSeconds, 1, 2 ** 31 - 1);
      v.integer(`${field}.timeoutSeconds`, o.timeoutSeconds, 1, 2 ** 31 - 1);
      v.integer(`${field}.failureThreshold`, o.failureThreshold, 1, 2 ** 31 - 1);
    }
  }

  /** @internal */
  public _render(role: ProbeRole): k8s.Probe {
    const timing = { ...ROLE_DEFAULTS[role], ...this.options };
    const h = this.handler;
    const port = (p: number | string) => (typeof p === 'number' ? k8s.IntOrString.fromNumber(p) : k8s.IntOrString.fromString(p));
    const action: k8s.Probe =
      h.kind === 'tcp' ? { tcpSocket: { port: port(h.port) } }
        : h.kind === 'http' ? { httpGet: { path: h.path, port: port(h.port), scheme: h.scheme } }
          : { exec: { command: [...h.command] } };
    return { ...action, ...timing, successThreshold: 1 };
  }
}

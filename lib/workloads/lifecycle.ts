import { HTTP_PATH } from '../core/formats';
import { LifecycleHandler, k8s } from '../core/k8s';
import { PropsValidator } from '../core/validator';

type Action =
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'http'; readonly path: string; readonly port: number | string }
  | { readonly kind: 'sleep'; readonly seconds: number };

/**
 * What a container's lifecycle hook does: run a command, call an HTTP path, or sleep (Kubernetes 1.29+; a preStop
 * sleep lets load balancers drain a pod before it gets SIGTERM, without a shell in the image).
 */
export class LifecycleAction {
  /** Runs a command in the container. */
  public static exec(command: readonly string[]): LifecycleAction {
    return new LifecycleAction({ kind: 'exec', command });
  }

  /** Calls an HTTP path of the container, on a port given by number or name. */
  public static httpGet(path: string, port: number | string): LifecycleAction {
    return new LifecycleAction({ kind: 'http', path, port });
  }

  /** Sleeps for some seconds. */
  public static sleep(seconds: number): LifecycleAction {
    return new LifecycleAction({ kind: 'sleep', seconds });
  }

  private constructor(private readonly action: Action) {}

  /** Seconds of a sleep action (Kubernetes refuses more than the pod's termination grace period); undefined for the others. @internal */
  public get _sleepSeconds(): number | undefined {
    return this.action.kind === 'sleep' ? this.action.seconds : undefined;
  }

  /** @internal */
  public _validate(v: PropsValidator, field: string, portNames: readonly string[]): void {
    const a = this.action;
    if (a.kind === 'exec') {
      v.check(Array.isArray(a.command) && a.command.length > 0 && a.command.every((c) => typeof c === 'string' && c.length > 0),
        `${field}.command`, a.command, 'a non-empty list of non-empty strings');
    } else if (a.kind === 'http') {
      v.format(`${field}.path`, a.path, HTTP_PATH, true);
      if (typeof a.port === 'number') {
        v.portRef(`${field}.port`, a.port, true);
      } else {
        v.check(typeof a.port === 'string' && portNames.includes(a.port), `${field}.port`, a.port, `a port number or one of the container's port names (${portNames.join(', ') || 'none defined'})`);
      }
    } else {
      v.check(a.seconds !== undefined, `${field}.seconds`, a.seconds, 'a number of seconds from 1 to 3600');
      v.integer(`${field}.seconds`, a.seconds, 1, 3600);
    }
  }

  /** @internal */
  public _render(): LifecycleHandler {
    const a = this.action;
    switch (a.kind) {
      case 'exec':
        return { exec: { command: [...a.command] } };
      case 'http':
        return { httpGet: { path: a.path, port: typeof a.port === 'number' ? k8s.IntOrString.fromNumber(a.port) : k8s.IntOrString.fromString(a.port) } };
      case 'sleep':
        return { sleep: { seconds: a.seconds } };
    }
  }
}

/** The lifecycle hooks of a container. */
export interface LifecycleHooks {
  /**
   * Runs right after the container starts (not before its entrypoint).
   * @default none
   */
  readonly postStart?: LifecycleAction;
  /**
   * Runs before the container is stopped, within the pod's termination grace period.
   * @default none
   */
  readonly preStop?: LifecycleAction;
}

import { EnvValue, IWorkload, SchedulingProps, SecureNamespace } from '../../lib';

/** A backing store of the counter app: how the app finds it, and the one network path to it. */
export interface StateStore {
  /** Environment variables that tell the app where the store is. */
  readonly appEnv: Record<string, string | EnvValue>;
  /** Where the app's pods must run to reach the store (nodes the store admits). */
  readonly placement?: Pick<SchedulingProps, 'nodeSelector' | 'tolerations'>;
  /** Opens exactly the network path from the app to the store. */
  connect(ns: SecureNamespace, app: IWorkload): void;
}

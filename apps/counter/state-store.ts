import { EnvValue, IWorkload } from '../../lib';

/** A backing store of the counter app: the workload holding the state and how the app reaches it. */
export interface StateStore {
  /** The store's workload (NetworkPolicies open exactly the path from the app to it). */
  readonly workload: IWorkload;
  /** The port name the app connects to. */
  readonly portName: string;
  /** Environment variables that tell the app where the store is. */
  readonly appEnv: Record<string, string | EnvValue>;
}

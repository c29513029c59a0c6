import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ContainerPortSpec } from './pod-spec';

/** A set of pods that network rules and budgets can point at: a web service or a stateful service. */
export interface IWorkload extends IConstruct {
  /** Name of the workload (and of its pods' `app` label). */
  readonly name: string;
  /** Namespace the pods run in. */
  readonly namespace: string;
  /** Labels that select exactly this workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The ports the pods listen on, by name. */
  readonly ports: readonly ContainerPortSpec[];
}

/** The port of `workload` called `name`, or undefined. */
export function findPort(workload: IWorkload, name: string): ContainerPortSpec | undefined {
  return workload.ports.find((p) => p.name === name);
}

/**
 * The workload's own ServiceAccount, so it never runs as `default`, with token automounting off: pods that
 * need API access opt in explicitly.
 */
export function createServiceAccount(scope: Construct, name: string, namespace: string, labels: Record<string, string>): k8s.KubeServiceAccount {
  return new k8s.KubeServiceAccount(scope, 'service-account', {
    metadata: { name, namespace, labels },
    automountServiceAccountToken: false,
  });
}

import { PropsValidator } from '../core/validator';

/** A string match of Istio: exactly one of exact, prefix or regex. */
export type StringMatch = { readonly exact: string } | { readonly prefix: string } | { readonly regex: string };

/** Duration as Istio takes it, e.g. "5s", "250ms", "1m". */
export const ISTIO_DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;

/** Checks a duration field. */
export function checkDuration(v: PropsValidator, field: string, value: string | undefined): void {
  if (value !== undefined) {
    v.check(ISTIO_DURATION.test(value), field, value, 'a duration such as "5s" or "250ms"');
  }
}

/** Checks a string match. */
export function checkStringMatch(v: PropsValidator, field: string, m: StringMatch | undefined): void {
  if (m !== undefined) {
    const keys = Object.keys(m);
    v.check(keys.length === 1 && ['exact', 'prefix', 'regex'].includes(keys[0]) && typeof (m as any)[keys[0]] === 'string',
      field, m, 'exactly one of { exact }, { prefix } or { regex }');
  }
}

/** Protocol prefixes Istio uses to tell a port's protocol from its name ("http", "http-web", "grpc-api"...). */
export const ISTIO_PORT_PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis'];

/** Whether a Service port name tells Istio its protocol: `<protocol>` or `<protocol>-<suffix>`. */
export function hasProtocolPrefix(portName: string): boolean {
  return ISTIO_PORT_PROTOCOLS.some((p) => portName === p || portName.startsWith(`${p}-`));
}

/** A host in Istio resources: a DNS name, optionally with a leading "*." wildcard, or "*". */
export const ISTIO_HOST = /^(\*|(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

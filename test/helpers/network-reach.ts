/** The in-process NetworkPolicy evaluation lives in the library now (used by the reachability checks). */
export { canConnect, NetworkModel } from '../../lib/policy/network-reach';
export type { Endpoint, PortRef, Reach } from '../../lib/policy/network-reach';

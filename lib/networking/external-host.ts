/**
 * A DNS name outside the cluster that a Service of type ExternalName can point at, known when keelson synthesizes:
 * for example a stable alias that Terraform points at an RDS or ElastiCache endpoint (whose own address is known only
 * after `terraform apply`). Implemented by constructs that own such a name; a plain string works as well.
 */
export interface IExternalHost {
  /** The DNS name, e.g. "redis.counter.internal". */
  readonly hostname: string;
  /**
   * The port clients use, when the host has one main port.
   * @default none
   */
  readonly port?: number;
}

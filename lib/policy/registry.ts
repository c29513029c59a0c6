import { ADMISSION_CHECKS } from './checks/admission';
import { API_HYGIENE_CHECKS } from './checks/api-hygiene';
import { AVAILABILITY_CHECKS } from './checks/availability';
import { CONTAINER_CHECKS } from './checks/containers';
import { CRD_CHECKS } from './checks/crd';
import { GOVERNANCE_CHECKS } from './checks/governance';
import { GATEWAY_CHECKS } from './checks/gateway';
import { IDENTITY_CHECKS } from './checks/identity';
import { ISTIO_CHECKS } from './checks/istio';
import { RBAC_CHECKS } from './checks/rbac';
import { RBAC_TOKEN_CHECKS } from './checks/rbac-token';
import { SECRET_CHECKS } from './checks/secrets';
import { NETWORK_CHECKS } from './checks/network';
import { POD_SECURITY_CHECKS } from './checks/pod-security';
import { REFERENCE_CHECKS } from './checks/references';
import { POD_REFERENCE_CHECKS } from './checks/pod-references';
import { REACHABILITY_CHECKS } from './checks/reachability';
import { SERVERLESS_CHECKS } from './checks/serverless';
import { SERVICE_CHECKS } from './checks/services';
import { STORAGE_CHECKS } from './checks/storage';
import { TERRAFORM_CHECKS } from './checks/terraform';
import { CLOUD_ADDON_CHECKS } from './checks/terraform-addons';
import { TERRAFORM_ACCESS_CHECKS } from './checks/terraform-access';
import { TERRAFORM_EKS_CHECKS } from './checks/terraform-eks';
import { TERRAFORM_IDENTITY_CHECKS } from './checks/terraform-identity';
import { TERRAFORM_ELASTICACHE_CHECKS } from './checks/terraform-elasticache';
import { TERRAFORM_CHECKOV_CHECKS } from './checks/terraform-checkov';
import { TERRAFORM_S3_CHECKS } from './checks/terraform-s3';
import { TERRAFORM_VPC_CHECKS } from './checks/terraform-vpc';
import { WORKLOAD_CHECKS } from './checks/workloads';
import { PolicyCheck } from './types';

/** A set of checks with unique ids. */
export class CheckRegistry {
  private readonly checks = new Map<string, PolicyCheck>();

  public constructor(checks: readonly PolicyCheck[] = []) {
    checks.forEach((c) => this.register(c));
  }

  /** Adds a check; its id must be new and kebab-case. */
  public register(check: PolicyCheck): this {
    if (!/^[a-z][a-z0-9-]{2,50}$/.test(check.id)) {
      throw new Error(`check id "${check.id}" must be 3-51 lowercase letters, digits or "-", starting with a letter`);
    }
    if (this.checks.has(check.id)) {
      throw new Error(`check "${check.id}" is registered twice`);
    }
    this.checks.set(check.id, check);
    return this;
  }

  /** The check with this id. */
  public get(id: string): PolicyCheck | undefined {
    return this.checks.get(id);
  }

  /** Every check, in registration order. */
  public all(): PolicyCheck[] {
    return [...this.checks.values()];
  }
}

/** The built-in checks: Pod Security, containers, identity and RBAC, availability, references, API hygiene, Istio, Terraform. */
export const BUILTIN_CHECKS: readonly PolicyCheck[] = [
  ...POD_SECURITY_CHECKS,
  ...CONTAINER_CHECKS,
  ...WORKLOAD_CHECKS,
  ...IDENTITY_CHECKS,
  ...RBAC_CHECKS,
  ...RBAC_TOKEN_CHECKS,
  ...SECRET_CHECKS,
  ...AVAILABILITY_CHECKS,
  ...REFERENCE_CHECKS,
  ...POD_REFERENCE_CHECKS,
  ...REACHABILITY_CHECKS,
  ...API_HYGIENE_CHECKS,
  ...CRD_CHECKS,
  ...NETWORK_CHECKS,
  ...GOVERNANCE_CHECKS,
  ...GATEWAY_CHECKS,
  ...ADMISSION_CHECKS,
  ...ISTIO_CHECKS,
  ...SERVERLESS_CHECKS,
  ...SERVICE_CHECKS,
  ...STORAGE_CHECKS,
  ...TERRAFORM_CHECKS,
  ...CLOUD_ADDON_CHECKS,
  ...TERRAFORM_ACCESS_CHECKS,
  ...TERRAFORM_EKS_CHECKS,
  ...TERRAFORM_IDENTITY_CHECKS,
  ...TERRAFORM_ELASTICACHE_CHECKS,
  ...TERRAFORM_S3_CHECKS,
  ...TERRAFORM_CHECKOV_CHECKS,
  ...TERRAFORM_VPC_CHECKS,
];

/** A registry of the built-in checks. */
export function defaultRegistry(): CheckRegistry {
  return new CheckRegistry(BUILTIN_CHECKS);
}

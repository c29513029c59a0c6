// Public API of keelson, by domain. The AWS constructs (cdktf) have their own entry point, `keelson/aws`
// (lib/aws/index.ts), so that Kubernetes-only users never load cdktf.

// core: the app stack, errors and value formats
export * from './core/annotations';
export * from './core/api-resources';
export * from './core/app-stack';
export { celSyntaxProblem } from './core/cel';
export * from './core/cidr';
export * from './core/errors';
export * from './core/formats';
export { MANAGED_BY, SELECTOR_LABEL } from './core/labels';
export type { INamespaceScope } from './core/namespace-scope';
export { NamespacedResource, RESOURCE_ID, Resource, propNames } from './core/resource';
export type { NamespacedResourceProps, ResourceOptions, ResourceProps } from './core/resource';
export type { AcceptedRisk } from './core/risk';
export { PropsValidator, addLateValidation } from './core/validator';

// workloads
export * from './workloads/autoscaler';
export * from './workloads/config-map';
export * from './workloads/cron-job';
export * from './workloads/daemon-set';
export * from './workloads/disruption-budget';
export * from './workloads/env-value';
export type {
  ContainerPortSpec, ContainerSpec, ResourceAmounts, ResourceRequirements, UnsafeException, WritablePath,
} from './workloads/container-spec';
export type { ContainerProps, HostAlias, InitContainer, PodDnsConfig, SidecarContainer } from './workloads/pod-spec';
export type { PodDnsProps } from './workloads/pod-dns';
export * from './workloads/file-mount';
export * from './workloads/host-access';
export { Job } from './workloads/job';
export type { JobContainerProps, JobOptions, JobProps, PodFailureRule } from './workloads/job';
export * from './workloads/lifecycle';
export * from './workloads/pod';
export * from './workloads/priority-class';
export * from './workloads/probe';
export * from './workloads/replica-set';
export { Tolerations } from './workloads/scheduling';
export type {
  IPriorityClass, LabelOperator, LabelRequirement, NodeAffinity, NodeOperator, NodeRequirement, PodAffinity, PodAffinityTerm, PreferredNodeTerm,
  SchedulingProps, TaintEffect, Toleration, TopologySpread,
} from './workloads/scheduling';
export * from './workloads/stateful-service';
export * from './workloads/volume';
export * from './workloads/web-service';
export * from './workloads/worker';
export type {
  DeploymentOptions, DeploymentStrategy, IWorkload, PortsProps, ReplicatedWorkloadProps, WorkloadIdentity, WorkloadOptions, WorkloadProps,
} from './workloads/workload';
export { Workload } from './workloads/workload';

// networking
export * from './networking/default-deny-policy';
export { ExternalEndpoints } from './networking/external-endpoints';
export type { EndpointAddressType, ExternalEndpointPort, ExternalEndpointsProps } from './networking/external-endpoints';
export type { IExternalHost } from './networking/external-host';
export { ExternalNameService } from './networking/external-name-service';
export type { ExternalNamePort, ExternalNameServiceProps } from './networking/external-name-service';
export * from './networking/ingress-controller';
export * from './networking/ingress-tls';
export * from './networking/network-peer';
export * from './networking/network-policy';
export { AWS_LB_SCHEME_ANNOTATION, AWS_NLB_CLASS, AWS_NLB_TARGET_TYPE_ANNOTATION, EXTERNAL_DNS_HOSTNAME_ANNOTATION } from './networking/load-balancer';
export type { LoadBalancerOptions } from './networking/load-balancer';
export { SERVICE_MEMBER_LABEL, Service } from './networking/service';
export type { ServiceProps, ServiceType } from './networking/service';
export type { ServicePort, ServiceProtocol } from './networking/service-ports';
export { ServiceTarget } from './networking/service-target';
export type { IServiceTarget, ServiceTargetOptions } from './networking/service-target';
export * from './networking/web-ingress';
export * from './networking/gateway-controller';
export * from './networking/gateway-class';
export { GATEWAY_API_GROUP, Gateway } from './networking/gateway';
export type { AllowedRoutes, GatewayListener, GatewayProps, IGateway, ListenerProtocol } from './networking/gateway';
export { ListenerTls } from './networking/listener-tls';
export type { ListenerCertManagerOptions, ListenerSecretOptions } from './networking/listener-tls';
export * from './networking/http-route';
export type {
  HeaderModifier, HttpMethod, PathMatchType, RequestRedirect, RouteMatch, RouteValueMatch, UrlRewrite, ValueMatchType,
} from './networking/route-rules';
export * from './networking/reference-grant';

// mesh
export * from './mesh/authorization-policy';
export * from './mesh/destination-rule';
export * from './mesh/envoy-config';
export * from './mesh/envoy-sidecar';
export * from './mesh/istio-common';
export * from './mesh/istio-gateway';
export * from './mesh/istio-install';
export * from './mesh/mesh-service';
export * from './mesh/nginx-config';
export * from './mesh/nginx-tls-sidecar';
export * from './mesh/peer-authentication';
export * from './mesh/sidecar-injection';
export * from './mesh/virtual-service';

// serverless
export * from './serverless/api-server-source';
export * from './serverless/event-destination';
export * from './serverless/knative-broker';
export * from './serverless/knative-install';
export * from './serverless/knative-service';
export * from './serverless/knative-trigger';
export * from './serverless/openfaas-function';
export * from './serverless/openfaas-install';
export * from './serverless/openfaas-model';
export * from './serverless/ping-source';
export * from './serverless/schemas';
export * from './serverless/sink-binding';
export { cronProblem, isTimeZone } from './core/cron';

// extension
export * from './extension/pinned-helm-release';
export * from './extension/custom-resource-type';
export * from './extension/crd-schema';
export { CONVERSION_REASON_ANNOTATION, CRD_INJECT_CA_FROM_ANNOTATION } from './extension/crd-conversion';
export type { CrdConversion, CrdConversionWebhook, CrdWebhookService } from './extension/crd-conversion';
export type { CrdPrinterColumn, CrdScale } from './extension/crd-version-checks';
export * from './extension/custom-resource-definition';
export * from './extension/custom-resource';
export * from './extension/imported-crd';
export * from './extension/operator-bundle';

// storage
export * from './storage/ebs-storage-class';
export * from './storage/efs-storage-class';
export * from './storage/persistent-volume';
export { ACCESS_MODES, PersistentVolumeClaim } from './storage/persistent-volume-claim';
export type { ClaimSelector, PersistentVolumeClaimProps, VolumeMode } from './storage/persistent-volume-claim';
export { DEFAULT_STORAGE_CLASS_ANNOTATION, NO_PROVISIONER, StorageClass } from './storage/storage-class';
export type { CsiSecretRef, CsiSecrets, ReclaimPolicy, StorageClassProps, VolumeBindingMode } from './storage/storage-class';
export * from './storage/volume-snapshot';
export * from './storage/volume-snapshot-class';

// security
export * from './security/access-grant';
export * from './security/access-review';
export * from './security/access-role';
export * from './security/access-rule';
export * from './security/access-subject';
export { API_TOKEN_PATH, DEFAULT_API_TOKEN_SECONDS, LEADER_ELECTION_RULES } from './security/api-access';
export type { ApiAccess, ApiServerEndpoint } from './security/api-access';
export * from './security/admission-webhook';
export * from './security/webhook-rule';
export { WebhookTls } from './security/webhook-tls';
export type { CaBundleWebhookTlsOptions, CertManagerWebhookTlsOptions } from './security/webhook-tls';
export * from './security/aws-secret-store';
export * from './security/external-secret';
export * from './security/falco-condition';
export * from './security/falco-install';
export * from './security/falco-rules';
export * from './security/falco-rule-checks';
export * from './security/secret-source';
export * from './security/secure-namespace';
export type { PodSecurityMode, PodSecurityModeLevel, PodSecurityModes } from './security/pod-security-modes';
export { LimitRange } from './security/limit-range';
export type { ClaimLimitRange, ContainerLimitRange, LimitAmounts, LimitRangeOptions, LimitRangeProps, LimitRatios, PodLimitRange } from './security/limit-range';
export { ResourceQuota } from './security/resource-quota';
export type {
  ComputeQuota, ObjectCountQuota, QuotaComputeAmounts, QuotaScope, QuotaScopeRequirement, ResourceQuotaOptions, ResourceQuotaProps, StorageClassQuota,
  StorageQuota,
} from './security/resource-quota';
export * from './security/service-account';
export * from './security/pod-security-cel';
export * from './security/pod-security-profile';
export * from './security/private-ca';
export * from './security/tls-certificate';
export * from './security/validating-policy';

// policy
export * from './policy';

// output
export * from './output/artifacts';
export * from './output/manifest';
export * from './output/schema-validator';
export * from './output/schema-checks';
export * from './output/synth-apps';
export * from './output/synthesize';
export * from './output/output-writer';
export * from './output/output-lock';
export { GENERATED_HEADER, OWNERSHIP_FILE } from './output/output-state';
export type { OutputChange, OwnershipRecord } from './output/output-state';
export * from './output/gitops-delivery';
export * from './output/synth-cli';
export { toYaml } from './output/yaml';

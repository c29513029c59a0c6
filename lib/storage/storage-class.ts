import { Construct } from 'constructs';
import { DELETION_REASON_ANNOTATION } from '../core/annotations';
import { CSI_DRIVER_NAME, DNS_LABEL, LABEL_KEY, LABEL_VALUE, OBJECT_NAME, SUBDOMAIN } from '../core/formats';
import { KubeStorageClass } from '../core/k8s';
import { RESOURCE_ID, Resource, ResourceProps, propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';
import { ExternalSecret } from '../security/external-secret';
import { ExistingSecret } from '../security/secret-source';
import { EBS_CSI_DRIVER, checkEbsParameters } from './ebs-parameters';

/** What happens to a volume (and its data) when its claim is deleted. */
export type ReclaimPolicy = 'Retain' | 'Delete';

/** When a volume is provisioned: once a pod using the claim is scheduled (in that pod's zone), or at once. */
export type VolumeBindingMode = 'WaitForFirstConsumer' | 'Immediate';

/**
 * A Secret that a CSI driver reads credentials from: an ExternalSecret (its name and namespace), an ExistingSecret
 * with the namespace it lives in, or a name and namespace.
 */
export type CsiSecretRef =
  | ExternalSecret
  | { readonly secret: ExistingSecret; readonly namespace: string }
  | { readonly name: string; readonly namespace: string };

/**
 * The Secrets a CSI driver is given for each of its operations (the `csi.storage.k8s.io/<operation>-secret-name` and
 * `-namespace` parameters of a StorageClass).
 */
export interface CsiSecrets {
  /**
   * For creating and deleting volumes (CreateVolume, DeleteVolume).
   * @default none
   */
  readonly provisioner?: CsiSecretRef;
  /**
   * For attaching volumes to nodes (ControllerPublishVolume).
   * @default none
   */
  readonly controllerPublish?: CsiSecretRef;
  /**
   * For staging volumes on a node (NodeStageVolume).
   * @default none
   */
  readonly nodeStage?: CsiSecretRef;
  /**
   * For mounting volumes into pods (NodePublishVolume).
   * @default none
   */
  readonly nodePublish?: CsiSecretRef;
  /**
   * For growing volumes (ControllerExpandVolume).
   * @default none
   */
  readonly controllerExpand?: CsiSecretRef;
  /**
   * For growing file systems on a node (NodeExpandVolume).
   * @default none
   */
  readonly nodeExpand?: CsiSecretRef;
}

/** Props of a {@link StorageClass}. */
export interface StorageClassProps extends ResourceProps {
  /**
   * Who provisions the volumes: a CSI driver name (e.g. "ebs.csi.aws.com", "ch.ctrox.csi.s3-driver"), an external
   * provisioner's "prefix/name", or "kubernetes.io/no-provisioner" for statically created PersistentVolumes.
   */
  readonly provisioner: string;
  /**
   * Parameters for the provisioner (string values). Secrets go in `csiSecrets`.
   * @default none
   */
  readonly parameters?: Record<string, string>;
  /**
   * Secrets the CSI driver is given for each operation; written as the `csi.storage.k8s.io/*-secret-name` and
   * `-namespace` parameters.
   * @default none
   */
  readonly csiSecrets?: CsiSecrets;
  /**
   * What happens to a volume when its claim is deleted. "Delete" deletes the data and needs `deleteVolumes`.
   * ("Recycle" is deprecated and not available to StorageClasses.)
   * @default "Retain", or "Delete" when `deleteVolumes` is given
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * Delete volumes (and their data) with their claims: why that is acceptable. Recorded on the StorageClass.
   * @default volumes are retained
   */
  readonly deleteVolumes?: AcceptedRisk;
  /**
   * When volumes are provisioned. WaitForFirstConsumer creates a zonal volume where the pod is scheduled;
   * Immediate can put it in a zone the pod cannot run in.
   * @default "WaitForFirstConsumer"
   */
  readonly volumeBindingMode?: VolumeBindingMode;
  /**
   * Mount options of the volumes, e.g. ["nfsvers=4.2"] or ["tls"].
   * @default none
   */
  readonly mountOptions?: string[];
  /**
   * Whether claims may grow (the driver must support expansion).
   * @default false
   */
  readonly allowVolumeExpansion?: boolean;
  /**
   * Where volumes may be provisioned: terms, each a map of node label to allowed values, e.g.
   * `[{ 'topology.kubernetes.io/zone': ['eu-west-1a', 'eu-west-1b'] }]` (terms are ORed, labels within a term ANDed).
   * @default anywhere
   */
  readonly allowedTopologies?: Array<Record<string, string[]>>;
  /**
   * Whether this is the cluster's default class (used by claims that name none).
   * @default false
   */
  readonly isDefault?: boolean;
}

/** The annotation that makes a StorageClass the cluster's default. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The provisioner of classes whose volumes are created by hand (static PersistentVolumes, local volumes). */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** In-tree provisioners, gone from Kubernetes, and the CSI driver that replaces each. */
const IN_TREE_PROVISIONERS: Readonly<Record<string, string>> = {
  'kubernetes.io/aws-ebs': 'ebs.csi.aws.com (EbsStorageClass), removed from Kubernetes in 1.27',
  'kubernetes.io/gce-pd': 'pd.csi.storage.gke.io, removed from Kubernetes in 1.28',
  'kubernetes.io/azure-disk': 'disk.csi.azure.com',
  'kubernetes.io/azure-file': 'file.csi.azure.com',
  'kubernetes.io/cinder': 'cinder.csi.openstack.org',
  'kubernetes.io/vsphere-volume': 'csi.vsphere.vmware.com',
  'kubernetes.io/portworx-volume': 'pxd.portworx.com',
  'kubernetes.io/rbd': 'rbd.csi.ceph.com',
};

/** The operations of {@link CsiSecrets} and the parameter prefix of each. */
export const CSI_SECRET_OPERATIONS = {
  provisioner: 'provisioner', controllerPublish: 'controller-publish', nodeStage: 'node-stage',
  nodePublish: 'node-publish', controllerExpand: 'controller-expand', nodeExpand: 'node-expand',
} as const;

const CSI_SECRET_PARAMETER = /^csi\.storage\.k8s\.io\/.+-secret-(name|namespace)$/;
const RESERVED_PARAMETER_PREFIX = 'csi.storage.k8s.io/';
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const PROPS = propNames<StorageClassProps>()({
  name: true, labels: true, provisioner: true, parameters: true, csiSecrets: true, reclaimPolicy: true, deleteVolumes: true,
  volumeBindingMode: true, mountOptions: true, allowVolumeExpansion: true, allowedTopologies: true, isDefault: true,
});

/** A preset (EbsStorageClass, EfsStorageClass) hands the generic class its own props and checks. */
const PRESET = Symbol.for('keelson.storage-class-preset');

/** How a preset builds on {@link StorageClass}. @internal */
export interface StorageClassPreset {
  /** The preset's props as the user gave them (name resolved), checked against `props`. */
  readonly original: object;
  /** Every prop name the preset accepts. */
  readonly props: readonly string[];
  /** The preset's own checks, run before the generic ones. */
  readonly validate: (v: PropsValidator) => void;
}

/** The props a preset passes to `super`: the generic props it derived, with the preset attached. @internal */
export function presetProps(spec: StorageClassProps, preset: StorageClassPreset): StorageClassProps {
  return Object.assign({ ...spec }, { [PRESET]: preset });
}

/**
 * The Secret name and namespace a CSI secret reference stands for, checked (problems recorded under `field`);
 * undefined when it is not valid.
 */
export function resolveCsiSecret(v: PropsValidator, field: string, ref: CsiSecretRef | undefined): { name: string; namespace: string } | undefined {
  if (ref === undefined) {
    return undefined;
  }
  if (ref instanceof ExternalSecret) {
    return { name: ref.secretName, namespace: ref.namespace };
  }
  const expected = 'an ExternalSecret, { secret: ExistingSecret.named(...), namespace } or { name, namespace } of a Secret';
  if (!v.check(isObject(ref), field, ref, expected)) {
    return undefined;
  }
  const viaExisting = Object.prototype.hasOwnProperty.call(ref, 'secret');
  if (!v.knownProps(field, ref, viaExisting ? ['secret', 'namespace'] : ['name', 'namespace'])) {
    return undefined;
  }
  const secret = viaExisting ? (ref as { secret?: unknown }).secret : undefined;
  const name = secret instanceof ExistingSecret ? secret.secretName : (ref as { name: string }).name;
  const okSecret = !viaExisting || v.check(secret instanceof ExistingSecret, `${field}.secret`, secret,
    'an ExistingSecret (ExistingSecret.named("..."))');
  const okName = okSecret && v.format(viaExisting ? `${field}.secret` : `${field}.name`, name, OBJECT_NAME, true);
  const okNamespace = v.format(`${field}.namespace`, ref.namespace, DNS_LABEL, true);
  return okName && okNamespace ? { name, namespace: ref.namespace } : undefined;
}

/** The parameters that hand a CSI driver its Secrets, for the operations given (keys in `operations`). */
export function csiSecretParameters(v: PropsValidator, field: string, secrets: Readonly<Record<string, CsiSecretRef | undefined>> | undefined,
  operations: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  if (secrets === undefined || !v.knownProps(field, secrets, Object.keys(operations))) {
    return out;
  }
  for (const [key, operation] of Object.entries(operations)) {
    const secret = resolveCsiSecret(v, `${field}.${key}`, secrets[key]);
    if (secret) {
      out[`csi.storage.k8s.io/${operation}-secret-name`] = secret.name;
      out[`csi.storage.k8s.io/${operation}-secret-namespace`] = secret.namespace;
    }
  }
  return out;
}

/**
 * Checks a provisioner name: a CSI driver name, or an external provisioner's "prefix/name"; refuses the in-tree
 * provisioners Kubernetes removed, naming the CSI driver to use instead.
 */
export function checkProvisioner(v: PropsValidator, field: string, provisioner: unknown): boolean {
  if (!v.check(typeof provisioner === 'string' && provisioner.length > 0, field, provisioner,
    'a provisioner: a CSI driver name such as "ebs.csi.aws.com", or "kubernetes.io/no-provisioner" for static volumes')) {
    return false;
  }
  const p = provisioner as string;
  const replacement = IN_TREE_PROVISIONERS[p.toLowerCase()];
  if (replacement !== undefined) {
    return v.check(false, field, provisioner, `a CSI driver: the in-tree provisioner ${p} is gone from Kubernetes (CSI migration); use ${replacement}`);
  }
  if (p.toLowerCase().startsWith('kubernetes.io/')) {
    return v.check(p === NO_PROVISIONER, field, provisioner,
      `"${NO_PROVISIONER}" or a CSI driver name: the other kubernetes.io/ provisioners were in-tree plugins that Kubernetes removed`);
  }
  const slash = p.indexOf('/');
  if (slash < 0) {
    return v.format(field, p, CSI_DRIVER_NAME);
  }
  const [prefix, name] = [p.slice(0, slash), p.slice(slash + 1)];
  return v.check(SUBDOMAIN.test(prefix.toLowerCase()) && name.length <= 63 && QUALIFIED_NAME_PART.test(name), field, provisioner,
    'a CSI driver name such as "ebs.csi.aws.com", or an external provisioner "prefix/name" such as "rancher.io/local-path"');
}

/** Checks mount options: non-empty strings without spaces, each once. */
export function checkMountOptions(v: PropsValidator, field: string, options: unknown): void {
  if (options === undefined) {
    return;
  }
  if (!v.check(Array.isArray(options), field, options, 'a list of mount options such as ["nfsvers=4.2"]')) {
    return;
  }
  (options as unknown[]).forEach((o, i) => v.check(typeof o === 'string' && /^\S+$/.test(o), `${field}[${i}]`, o,
    'a mount option without spaces, such as "nfsvers=4.2" or "noatime"'));
  v.unique(field, options as string[], (o) => String(o), 'a mount option');
}

/** Checks a map of driver parameters: string values, no secret parameters (those come from csiSecrets), at most 512. */
export function checkParameters(v: PropsValidator, field: string, parameters: unknown): void {
  if (parameters === undefined) {
    return;
  }
  if (!v.check(isObject(parameters), field, parameters,
    'a map of parameter names to string values')) {
    return;
  }
  for (const [key, value] of Object.entries(parameters as Record<string, unknown>)) {
    v.check(/^\S+$/.test(key), `${field} key`, key, 'a parameter name without spaces');
    v.check(typeof value === 'string', `${field}["${key}"]`, value, 'a string (write numbers and booleans in quotes, e.g. "true")');
    v.check(!CSI_SECRET_PARAMETER.test(key), `${field} key`, key, 'no secret parameter here: name the Secret in csiSecrets (or snapshotterSecret)');
    v.check(!key.startsWith(RESERVED_PARAMETER_PREFIX) || key === 'csi.storage.k8s.io/fstype', `${field} key`, key,
      'a driver parameter: of the reserved csi.storage.k8s.io/ keys only csi.storage.k8s.io/fstype is a parameter');
  }
  v.check(Object.keys(parameters as object).length <= 512, field, `${Object.keys(parameters as object).length} parameters`, 'at most 512 parameters');
  // The API server also limits the parameters' total size (keys and values) to 256 KiB.
  const size = Object.entries(parameters as Record<string, unknown>).reduce((n, [k, x]) => n + k.length + (typeof x === 'string' ? x.length : 0), 0);
  v.check(size < 256 * 1024, field, `${size} characters of parameters`, 'parameters of less than 256 KiB in all (keys and values), as the API server requires');
}

/**
 * Checks a reclaim or deletion policy with the reason that "Delete" needs; refuses "Recycle" with why. Returns the
 * effective policy.
 */
export function checkDeletion(v: PropsValidator, policyField: string, policy: unknown, riskField: string, risk: AcceptedRisk | undefined,
  what: string): ReclaimPolicy {
  if (policy === 'Recycle') {
    v.fail(policyField, policy, `"Retain" (the default) or "Delete" with ${riskField}: { reason }; "Recycle" is deprecated (it scrubs the volume `
      + 'with "rm -rf" for the next claim and is supported for NFS and hostPath only): keep the volume, or provision volumes dynamically');
    return 'Retain';
  }
  v.check(policy === undefined || policy === 'Retain' || policy === 'Delete', policyField, policy, '"Retain" or "Delete"');
  v.risk(riskField, risk, what);
  v.check(!(policy === 'Delete' && risk === undefined), riskField, risk,
    `{ reason: "..." } saying why ${what}, since ${policyField} is "Delete"`);
  v.check(!(policy === 'Retain' && risk !== undefined), policyField, policy, `"Delete" or no ${policyField}, since ${riskField} is given`);
  return policy === 'Delete' || (policy === undefined && risk !== undefined) ? 'Delete' : 'Retain';
}

/**
 * A StorageClass: how volumes are provisioned for claims that name it. Secure and safe by default: volumes are
 * retained when their claim is deleted (deleting them takes a reason, recorded on the class), provisioned where the
 * pod is scheduled (`WaitForFirstConsumer`), and driver credentials come from Secrets (`csiSecrets`), never from
 * parameters. Removed in-tree provisioners (`kubernetes.io/aws-ebs`, `kubernetes.io/gce-pd`, ...) are refused with
 * the CSI driver that replaces them. Presets: {@link EbsStorageClass}, {@link EfsStorageClass}.
 */
export class StorageClass extends Resource {
  /** The provisioner (a CSI driver name, an external provisioner, or "kubernetes.io/no-provisioner"). */
  public readonly provisioner: string;
  /** What happens to a volume when its claim is deleted. */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** When volumes are provisioned. */
  public readonly volumeBindingMode: VolumeBindingMode;

  public constructor(scope: Construct, id: string, props: StorageClassProps) {
    const preset: StorageClassPreset | undefined = (props as any)?.[PRESET];
    super(scope, id, preset?.original ?? props, { props: preset?.props ?? PROPS });
    const p: Partial<StorageClassProps> = props !== null && typeof props === 'object' ? props : {};
    const v = this.validator;
    preset?.validate(v);

    checkProvisioner(v, 'provisioner', p.provisioner);
    checkParameters(v, 'parameters', p.parameters);
    if (preset === undefined && typeof p.provisioner === 'string' && p.provisioner.toLowerCase() === EBS_CSI_DRIVER && isObject(p.parameters)) {
      checkEbsParameters(v, p.parameters, (key) => `parameters["${key}"]`);
    }
    if (preset === undefined && typeof p.provisioner === 'string' && p.provisioner.toLowerCase() === 'efs.csi.aws.com') {
      // The EFS driver's CreateVolume needs provisioningMode "efs-ap" (its only mode) and a fileSystemId (EfsStorageClass sets both).
      const params: Record<string, unknown> = isObject(p.parameters) ? p.parameters : {};
      v.check(params.provisioningMode === 'efs-ap', 'parameters["provisioningMode"]', params.provisioningMode,
        '"efs-ap": the EFS CSI driver provisions access points only (or use EfsStorageClass)');
      v.check(typeof params.fileSystemId === 'string' && params.fileSystemId.trim() !== '', 'parameters["fileSystemId"]', params.fileSystemId,
        'the id of the EFS file system, e.g. "fs-0123456789abcdef0" (or use EfsStorageClass)');
    }
    const secretParameters = csiSecretParameters(v, 'csiSecrets', p.csiSecrets as Record<string, CsiSecretRef>, CSI_SECRET_OPERATIONS);
    v.check(Object.keys(secretParameters).length === 0 || !String(p.provisioner).includes('/'), 'csiSecrets', Object.keys(p.csiSecrets ?? {}),
      'no csiSecrets unless the provisioner is a CSI driver (only CSI drivers read them)');
    const reclaim = checkDeletion(v, 'reclaimPolicy', p.reclaimPolicy, 'deleteVolumes', p.deleteVolumes,
      'deleting the volumes (and their data) with their claims is acceptable');
    v.check(p.volumeBindingMode === undefined || p.volumeBindingMode === 'WaitForFirstConsumer' || p.volumeBindingMode === 'Immediate',
      'volumeBindingMode', p.volumeBindingMode, '"WaitForFirstConsumer" or "Immediate"');
    checkMountOptions(v, 'mountOptions', p.mountOptions);
    v.check(p.allowVolumeExpansion === undefined || typeof p.allowVolumeExpansion === 'boolean', 'allowVolumeExpansion', p.allowVolumeExpansion, 'true or false');
    v.check(p.isDefault === undefined || typeof p.isDefault === 'boolean', 'isDefault', p.isDefault, 'true or false');
    const topologies = checkTopologies(v, 'allowedTopologies', p.allowedTopologies);
    v.throwIfInvalid();

    this.provisioner = p.provisioner!;
    this.reclaimPolicy = reclaim;
    this.volumeBindingMode = p.volumeBindingMode ?? 'WaitForFirstConsumer';
    const annotations: Record<string, string> = {
      ...(p.isDefault ? { [DEFAULT_STORAGE_CLASS_ANNOTATION]: 'true' } : {}),
      ...(reclaim === 'Delete' ? { [DELETION_REASON_ANNOTATION]: p.deleteVolumes!.reason } : {}),
    };
    const parameters = { ...p.parameters, ...secretParameters };

    new KubeStorageClass(this, RESOURCE_ID, {
      metadata: { name: this.name, labels: p.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      provisioner: this.provisioner,
      parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
      reclaimPolicy: reclaim,
      volumeBindingMode: this.volumeBindingMode,
      mountOptions: p.mountOptions?.length ? [...p.mountOptions] : undefined,
      allowVolumeExpansion: p.allowVolumeExpansion,
      allowedTopologies: topologies,
    });
  }
}

/** Checks allowedTopologies and renders them; undefined when none are given or they are invalid. */
function checkTopologies(v: PropsValidator, field: string, terms: unknown): Array<{ matchLabelExpressions: Array<{ key: string; values: string[] }> }> | undefined {
  if (terms === undefined) {
    return undefined;
  }
  if (!v.check(Array.isArray(terms) && terms.length > 0, field, terms,
    'a non-empty list of terms such as [{ "topology.kubernetes.io/zone": ["eu-west-1a"] }]')) {
    return undefined;
  }
  return (terms as unknown[]).map((term, i) => {
    const ok = v.check(isObject(term) && Object.keys(term).length > 0, `${field}[${i}]`, term,
      'a map of node label to the values allowed, e.g. { "topology.kubernetes.io/zone": ["eu-west-1a"] }');
    const entries = ok ? Object.entries(term as Record<string, unknown>) : [];
    entries.forEach(([key, values]) => {
      v.format(`${field}[${i}] key`, key, LABEL_KEY);
      if (v.check(Array.isArray(values) && values.length > 0, `${field}[${i}]["${key}"]`, values, 'a non-empty list of label values')) {
        (values as unknown[]).forEach((value, j) => v.format(`${field}[${i}]["${key}"][${j}]`, value as string, LABEL_VALUE, true));
      }
    });
    return { matchLabelExpressions: entries.map(([key, values]) => ({ key, values: Array.isArray(values) ? [...values] : [] })) };
  });
}

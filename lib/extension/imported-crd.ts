import * as fs from 'node:fs';
import { ValidationError, describeValue, rejectedValue } from '../core/errors';
import { SUBDOMAIN } from '../core/formats';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';
import { InputError, parseDocuments } from '../policy/read-manifests';
import { UnsupportedFeature, compileVersion, unsupportedFeatures } from './crd-validator';
import { CustomResourceScope, CustomResourceVersion, ICustomResourceType } from './custom-resource-type';

// A vendor's CustomResourceDefinition (a release asset kept in the repository, e.g. cert-manager's CRDs), read so
// that custom resources of it are validated like those of a CRD written here: no code generation, no network.
// It writes nothing: the vendor's chart or manifest installs the CRD.

/** Options of {@link ImportedCrd.fromFile} and {@link ImportedCrd.fromObject}. */
export interface ImportedCrdOptions {
  /**
   * Which CRD of a file that holds several: its name ("certificates.cert-manager.io") or its kind ("Certificate").
   * @default the file's only CRD
   */
  readonly select?: string;
  /**
   * Accepts a CRD whose served versions have rules keelson cannot check on custom resources (CEL rules in
   * x-kubernetes-validations, the formats isbn/creditcard/ssn/rgbcolor, patterns in RE2-only syntax), with the reason
   * why that is acceptable. Recorded on each custom resource as the annotation `keelson.dev/unchecked-schema-reason`;
   * the API server still enforces those rules when the objects are applied.
   * @default refused: the import fails naming each such rule by file and JSON path
   */
  readonly unchecked?: AcceptedRisk;
}

/** Options of {@link ImportedCrd.fromObject}. */
export interface ImportedCrdObjectOptions {
  /**
   * Names the CRD in error messages, e.g. the file the caller read it from.
   * @default "ImportedCrd.fromObject(<name>)"
   */
  readonly source?: string;
  /**
   * See {@link ImportedCrdOptions.unchecked}.
   * @default refused
   */
  readonly unchecked?: AcceptedRisk;
}

const FILE_OPTIONS = ['select', 'unchecked'];
const OBJECT_OPTIONS = ['source', 'unchecked'];
const CRD_GROUP = 'apiextensions.k8s.io';

/**
 * A CustomResourceDefinition read from a vendor's YAML file (`ImportedCrd.fromFile('crds/cert-manager.crds.yaml',
 * { select: 'Certificate' })`) or object, for {@link CustomResource}s of its kind: the names, the scope and each
 * version's schema, checked when read (apiextensions.k8s.io/v1 only; every served version has a schema that keelson
 * can check, see `unchecked`). Emits nothing.
 */
export class ImportedCrd implements ICustomResourceType {
  /**
   * Reads the CRD from a YAML (or JSON) file, relative to the working directory; several documents may be in it
   * (`select` picks one). A file that is missing, unreadable, or holds no such CRD is a ValidationError naming it.
   */
  public static fromFile(file: string, options?: ImportedCrdOptions): ImportedCrd {
    const where = typeof file === 'string' ? file : 'ImportedCrd.fromFile';
    const fail = (field: string, value: unknown, expected: string): never => {
      throw new ValidationError([{ constructPath: where, field, message: rejectedValue(value, expected) }]);
    };
    if (typeof file !== 'string' || file.trim() === '' || file.includes('\0')) {
      fail('file', file, 'the path of a YAML file holding the CustomResourceDefinition, e.g. "crds/cert-manager.crds.yaml"');
    }
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder' : code === 'EACCES' ? 'not readable (permission denied)' : `not readable (${code ?? 'error'})`;
      fail('file', `${file} (${why})`, 'a readable YAML file holding the CustomResourceDefinition, relative to the working directory');
    }
    let docs: unknown[] = [];
    try {
      docs = parseDocuments(text).map((d) => d.value);
    } catch (err) {
      if (!(err instanceof InputError)) {
        throw err;
      }
      fail(err.line !== undefined ? `line ${err.line}` : 'file', file, `a YAML file (${err.message})`);
    }
    return ImportedCrd.select(docs, where, options);
  }

  /** The CRD given as an object (e.g. parsed from a file by the caller); `source` names it in error messages. */
  public static fromObject(crd: unknown, options?: ImportedCrdObjectOptions): ImportedCrd {
    const name = isObject(crd) && isObject(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : '';
    const given = isObject(options) ? options.source : undefined;
    const source = typeof given === 'string' && given.trim() !== '' && given.length <= 256 ? given : `ImportedCrd.fromObject(${describeValue(name)})`;
    return new ImportedCrd(crd, source, options, OBJECT_OPTIONS);
  }

  /** The one CRD among `docs` that `select` names (or the only one). */
  private static select(docs: readonly unknown[], where: string, options: ImportedCrdOptions | undefined): ImportedCrd {
    const crds = docs.filter((d) => isObject(d) && d.kind === 'CustomResourceDefinition');
    const select = isObject(options) ? options.select : undefined;
    const label = (d: any) => `${d?.metadata?.name ?? '?'} (${d?.spec?.names?.kind ?? '?'})`;
    const fail = (field: string, value: unknown, expected: string): never => {
      throw new ValidationError([{ constructPath: where, field, message: rejectedValue(value, expected) }]);
    };
    if (crds.length === 0) {
      const kinds = docs.map((d) => (isObject(d) && typeof d.kind === 'string' ? d.kind : describeValue(d)));
      fail('kind', kinds.length === 0 ? 'an empty file' : `a file of ${kinds.slice(0, 5).join(', ')}`, 'a file holding a CustomResourceDefinition (kind: CustomResourceDefinition)');
    }
    if (select === undefined) {
      if (crds.length > 1) {
        fail('options.select', undefined, `the name or kind of one of the ${crds.length} CRDs in the file: ${crds.map(label).join(', ')}`);
      }
      return new ImportedCrd(crds[0], where, options, FILE_OPTIONS);
    }
    const picked = crds.filter((d: any) => typeof select === 'string' && (d.metadata?.name === select || d.spec?.names?.kind === select));
    if (picked.length !== 1) {
      fail('options.select', select, `the name or kind of exactly one CRD in the file: ${crds.map(label).join(', ')}`);
    }
    return new ImportedCrd(picked[0], where, options, FILE_OPTIONS);
  }

  /** The CRD's name, `<plural>.<group>`. */
  public readonly name: string;
  public readonly group: string;
  public readonly kind: string;
  public readonly plural: string;
  public readonly scope: CustomResourceScope;
  public readonly versions: readonly CustomResourceVersion[];
  public readonly storageVersion: string;
  /** The file (as given) or the label of the object. */
  public readonly source: string;
  public readonly uncheckedReason?: string;
  /** The rules of served versions that keelson does not check, accepted with `unchecked` (empty without it). */
  public readonly unchecked: readonly UnsupportedFeature[];

  private constructor(crd: unknown, source: string, options: { readonly unchecked?: AcceptedRisk } | undefined, known: readonly string[]) {
    this.source = source;
    const v = new PropsValidator(source);
    const fail = (): never => {
      v.throwIfInvalid();
      throw new ValidationError([{ constructPath: source, field: '', message: 'not a CustomResourceDefinition' }]);
    };
    v.knownProps('options', options, known);
    const risk = isObject(options) ? options.unchecked : undefined;
    v.risk('options.unchecked', risk, 'custom resources of this CRD may pass keelson\'s checks and still be refused by the API server');
    if (!v.check(isObject(crd), '', crd, 'a CustomResourceDefinition object')) {
      fail();
    }
    const obj = crd as Record<string, any>;
    v.check(obj.kind === 'CustomResourceDefinition', 'kind', obj.kind, '"CustomResourceDefinition"');
    if (obj.apiVersion === `${CRD_GROUP}/v1beta1`) {
      v.fail('apiVersion', obj.apiVersion, `"${CRD_GROUP}/v1": v1beta1 CRDs were removed in Kubernetes 1.22; use the vendor's v1 CRD (from a release of the last years)`);
    } else {
      v.check(obj.apiVersion === `${CRD_GROUP}/v1`, 'apiVersion', obj.apiVersion, `"${CRD_GROUP}/v1"`);
    }
    const spec = isObject(obj.spec) ? obj.spec : {};
    const names = isObject(spec.names) ? spec.names : {};
    v.check(typeof spec.group === 'string' && SUBDOMAIN.test(spec.group) && spec.group.includes('.'), 'spec.group', spec.group, 'an API group such as "cert-manager.io"');
    // The API server: the kind in lower case, and the plural, are DNS-1035 labels (at most 63 characters).
    v.check(typeof names.kind === 'string' && names.kind.length <= 63 && /^[A-Za-z][A-Za-z0-9]*$/.test(names.kind), 'spec.names.kind', names.kind,
      'a kind such as "Certificate" (letters and digits, at most 63)');
    v.check(typeof names.plural === 'string' && names.plural.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(names.plural), 'spec.names.plural', names.plural,
      'a lowercase plural such as "certificates" (a DNS-1035 label)');
    v.check(spec.scope === 'Namespaced' || spec.scope === 'Cluster', 'spec.scope', spec.scope, '"Namespaced" or "Cluster"');
    this.group = spec.group;
    this.kind = names.kind;
    this.plural = names.plural;
    this.scope = spec.scope;
    this.name = isObject(obj.metadata) && typeof obj.metadata.name === 'string' ? obj.metadata.name : `${this.plural}.${this.group}`;
    v.check(this.name === `${this.plural}.${this.group}`, 'metadata.name', this.name, `"${this.plural}.${this.group}" (<plural>.<group>, as the API server requires)`);
    this.versions = readVersions(v, spec.versions);
    const storage = this.versions.filter((x) => x.storage);
    v.check(this.versions.length === 0 || storage.length === 1, 'spec.versions', `${storage.length} storage versions`, 'exactly one version with storage: true');
    this.storageVersion = storage[0]?.name ?? '';
    v.throwIfInvalid();

    const unchecked: UnsupportedFeature[] = [];
    this.versions.forEach((ver, i) => {
      if (!ver.served) {
        return;
      }
      const at = `spec.versions[${i}].schema.openAPIV3Schema`;
      for (const f of unsupportedFeatures(ver.schema)) {
        unchecked.push({ path: `${at}.${f.path}`, feature: f.feature });
      }
      const compiled = compileVersion(ver);
      if (typeof compiled === 'string') {
        v.fail(at, `the schema of ${ver.name}`, `a schema keelson can compile (${compiled})`);
      }
    });
    if (risk === undefined) {
      for (const f of unchecked) {
        v.fail(f.path, f.feature, 'only rules keelson checks; or accept custom resources checked without them: options.unchecked: { reason: "..." }');
      }
    } else {
      v.check(unchecked.length > 0, 'options.unchecked', risk, 'no unchecked: keelson checks every rule of this CRD\'s served versions');
    }
    v.throwIfInvalid();
    this.unchecked = risk === undefined ? [] : unchecked;
    this.uncheckedReason = risk === undefined ? undefined : (risk as AcceptedRisk).reason;
  }
}

/** The versions of the CRD, each with its schema; problems recorded under `spec.versions[i]`. */
function readVersions(v: PropsValidator, versions: unknown): CustomResourceVersion[] {
  if (!v.check(Array.isArray(versions) && versions.length > 0, 'spec.versions', versions, 'a list of versions')) {
    return [];
  }
  const out: CustomResourceVersion[] = [];
  (versions as unknown[]).forEach((x, i) => {
    const f = `spec.versions[${i}]`;
    if (!v.check(isObject(x), f, x, '{ name, served, storage, schema: { openAPIV3Schema } }')) {
      return;
    }
    const ver = x as Record<string, any>;
    const ok = [
      v.check(typeof ver.name === 'string' && ver.name.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(ver.name), `${f}.name`, ver.name, 'a version name such as "v1"'),
      v.check(typeof ver.served === 'boolean', `${f}.served`, ver.served, 'true or false'),
      v.check(typeof ver.storage === 'boolean', `${f}.storage`, ver.storage, 'true or false'),
      v.check(ver.deprecated === undefined || typeof ver.deprecated === 'boolean', `${f}.deprecated`, ver.deprecated, 'true or false'),
      v.check(isObject(ver.schema) && isObject(ver.schema.openAPIV3Schema), `${f}.schema.openAPIV3Schema`, ver.schema?.openAPIV3Schema,
        'a schema: keelson validates custom resources against it (a CRD without one accepts any object; write the custom resources as raw objects then)'),
    ];
    if (ok.every(Boolean)) {
      out.push({ name: ver.name, served: ver.served, storage: ver.storage, deprecated: ver.deprecated === true, schema: ver.schema.openAPIV3Schema });
    }
  });
  return out;
}


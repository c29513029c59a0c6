import { PropsValidator } from '../../../lib/core/validator';
import { CrdSchema, SchemaType } from '../../../lib/extension/crd-schema';
import { checkSchema } from '../../../lib/extension/crd-schema-checks';
import { patternProblem, schemaAt, valueProblem } from '../../../lib/extension/crd-schema-values';

/** The problems checkSchema finds in `schema`, as "field: message". */
const problems = (schema: unknown): string[] => {
  const v = new PropsValidator('test/crd');
  checkSchema(v, 'versions.v1.spec', schema);
  return v.issues.map((i) => `${i.field}: ${i.message}`);
};

describe('CrdSchema', () => {
  test('scalars render the API server\'s keywords, type first, unset options left out', () => {
    expect(CrdSchema.string().toJson()).toEqual({ type: 'string' });
    expect(Object.keys(CrdSchema.string({ maxLength: 5, description: 'd' }).toJson())).toEqual(['type', 'description', 'maxLength']);
    expect(CrdSchema.string({ format: 'date-time', pattern: '^a', enum: ['a', 'ab'], minLength: 1, maxLength: 2, default: 'a', nullable: true }).toJson())
      .toEqual({ type: 'string', format: 'date-time', pattern: '^a', enum: ['a', 'ab'], minLength: 1, maxLength: 2, default: 'a', nullable: true });
    expect(CrdSchema.integer({ minimum: 0, maximum: 10, exclusiveMaximum: true, multipleOf: 2, format: 'int32', default: 4 }).toJson())
      .toEqual({ type: 'integer', minimum: 0, maximum: 10, exclusiveMaximum: true, multipleOf: 2, format: 'int32', default: 4 });
    expect(CrdSchema.number({ minimum: 0.5, format: 'double' }).toJson()).toEqual({ type: 'number', minimum: 0.5, format: 'double' });
    expect(CrdSchema.boolean({ default: false }).toJson()).toEqual({ type: 'boolean', default: false });
    expect(CrdSchema.intOrString({ default: '25%' }).toJson()).toEqual({ 'x-kubernetes-int-or-string': true, 'default': '25%' });
  });

  test('objects, arrays and maps nest their nodes; options get their x-kubernetes names', () => {
    const ports = CrdSchema.array(CrdSchema.object({ name: CrdSchema.string(), port: CrdSchema.integer() }, { required: ['name', 'port'] }),
      { listType: 'map', listMapKeys: ['name'], maxItems: 16 });
    expect(ports.toJson()).toEqual({
      'type': 'array',
      'items': { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } }, required: ['name', 'port'] },
      'maxItems': 16, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
    });
    expect(CrdSchema.map(CrdSchema.string(), { maxProperties: 64 }).toJson()).toEqual({ type: 'object', additionalProperties: { type: 'string' }, maxProperties: 64 });
    expect(CrdSchema.object({}, { preserveUnknownFields: true }).toJson()).toEqual({ 'type': 'object', 'properties': {}, 'x-kubernetes-preserve-unknown-fields': true });
    expect(CrdSchema.preserveUnknownFields({ description: 'free-form' }).toJson())
      .toEqual({ 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true, 'description': 'free-form' });
    expect(CrdSchema.embeddedResource().toJson())
      .toEqual({ 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });
  });

  test('CEL rules render as x-kubernetes-validations, unset fields left out', () => {
    const node = CrdSchema.object({ min: CrdSchema.integer(), max: CrdSchema.integer() }, {
      validations: [
        { rule: 'self.min <= self.max', message: 'min must not exceed max', reason: 'FieldValueInvalid', fieldPath: '.min' },
        { rule: 'self.max == oldSelf.max', messageExpression: '"max is immutable, was " + string(oldSelf.max)', optionalOldSelf: true },
      ],
    });
    expect(node.toJson()['x-kubernetes-validations']).toEqual([
      { rule: 'self.min <= self.max', message: 'min must not exceed max', reason: 'FieldValueInvalid', fieldPath: '.min' },
      { rule: 'self.max == oldSelf.max', messageExpression: '"max is immutable, was " + string(oldSelf.max)', optionalOldSelf: true },
    ]);
    expect(problems(node)).toEqual([]);
  });

  test('the schema is a copy: changing the options afterwards changes nothing', () => {
    const values = ['a', 'b'];
    const options = { enum: values };
    const node = CrdSchema.string(options);
    values.push('c');
    const properties: Record<string, CrdSchema<any>> = { a: CrdSchema.string() };
    const object = CrdSchema.object(properties);
    properties.b = CrdSchema.integer();
    expect(node.toJson().enum).toEqual(['a', 'b']);
    expect(Object.keys(object.toJson().properties as object)).toEqual(['a']);
    const json = node.toJson();
    (json.enum as string[]).push('d');
    expect(node.toJson().enum).toEqual(['a', 'b']);
  });

  test('fromJson keeps a hand-written node and is checked like the others', () => {
    const json = { type: 'object', properties: { size: { type: 'string', pattern: '^[0-9]+Gi$' } }, required: ['size'] };
    const node = CrdSchema.fromJson<{ size: string }>(json);
    expect(node.toJson()).toEqual(json);
    expect(problems(node)).toEqual([]);
    expect(problems(CrdSchema.fromJson({ type: 'object', properties: { size: {} } }))).toEqual([
      expect.stringContaining('versions.v1.spec.properties.size.type: got undefined; expected a type (structural schemas type every field'),
    ]);
  });

  test('derives the TypeScript type of the values: required fields, optional ones, enums, nullables, lists and maps', () => {
    const spec = CrdSchema.object({
      image: CrdSchema.string(),
      delaySeconds: CrdSchema.integer({ minimum: 0 }),
      policy: CrdSchema.string({ enum: ['Always', 'Never'] }),
      note: CrdSchema.string({ nullable: true }),
      args: CrdSchema.array(CrdSchema.string()),
      labels: CrdSchema.map(CrdSchema.string()),
      port: CrdSchema.intOrString(),
      extra: CrdSchema.preserveUnknownFields(),
      template: CrdSchema.embeddedResource(),
    }, { required: ['image', 'delaySeconds'] });
    type Spec = SchemaType<typeof spec>;
    const full: Spec = {
      image: 'busybox:1.37', delaySeconds: 5, policy: 'Never', note: null, args: ['-c'], labels: { app: 'x' }, port: 'http', extra: { any: [1] },
      template: { apiVersion: 'v1', kind: 'ConfigMap', data: {} },
    };
    const minimal: Spec = { image: 'busybox:1.37', delaySeconds: 0 };
    // @ts-expect-error delaySeconds is required
    const missing: Spec = { image: 'busybox:1.37' };
    // @ts-expect-error delaySeconds is a number
    const mistyped: Spec = { image: 'busybox:1.37', delaySeconds: '5' };
    // @ts-expect-error policy is "Always" or "Never"
    const notInEnum: Spec = { image: 'busybox:1.37', delaySeconds: 5, policy: 'Sometimes' };
    // @ts-expect-error unknown fields are refused
    const unknown: Spec = { image: 'busybox:1.37', delaySeconds: 5, imagePullPolicy: 'Always' };
    // @ts-expect-error image is not nullable
    const nullImage: Spec = { image: null, delaySeconds: 5 };
    expect([full, minimal, missing, mistyped, notInEnum, unknown, nullImage]).toHaveLength(7);
    // @ts-expect-error required names a field the object has
    CrdSchema.object({ image: CrdSchema.string() }, { required: ['imag'] });
  });

  test('checks what the builder was given: bounds, patterns, enums, defaults, required', () => {
    expect(problems(CrdSchema.object({
      a: CrdSchema.integer({ minimum: 5, maximum: 1 }),
      b: CrdSchema.string({ pattern: '(' }),
      c: CrdSchema.string({ enum: [] }),
      d: CrdSchema.string({ enum: ['x', 'y'], default: 'z' }),
      e: CrdSchema.integer({ format: 'int32', default: 1.5 }),
      f: CrdSchema.string({ minLength: -1 }),
      g: CrdSchema.array(CrdSchema.string(), { listType: 'map' }),
      h: CrdSchema.string({ format: 'url' }),
    }, { required: ['a', 'zz' as 'a'] }))).toEqual([
      expect.stringMatching(/^versions\.v1\.spec\.properties\.a\.minimum: got 5; expected a minimum that leaves some values up to the maximum \(1\)/),
      expect.stringMatching(/^versions\.v1\.spec\.properties\.b\.pattern: got "\("; expected a regular expression that RE2/),
      expect.stringMatching(/^versions\.v1\.spec\.properties\.c\.enum: got \[\]; expected a non-empty list of values/),
      expect.stringMatching(/^versions\.v1\.spec\.properties\.d\.default: got "z"; expected a default the node itself accepts; "z" is not one of the enum values/),
      expect.stringMatching(/^versions\.v1\.spec\.properties\.e\.default: got 1\.5; expected a default the node itself accepts; 1\.5 is not of type integer/),
      expect.stringMatching(/^versions\.v1\.spec\.properties\.f\.minLength: got -1; expected an integer >= 0/),
      expect.stringMatching(/^versions\.v1\.spec\.properties\.g\.items\.type: got "string"; expected "object" \(the items of a list of type "map"\)/),
      expect.stringMatching(/^versions\.v1\.spec\.properties\.h\.format: got "url"; expected a format the API server checks/),
      expect.stringMatching(/^versions\.v1\.spec\.required\[1\]: got "zz"; expected a field of this object \(a, b, c, d, e, f, g, h\)/),
    ]);
  });

  test('unknown builder options are named, with the option meant', () => {
    expect(problems(CrdSchema.object({ n: CrdSchema.integer({ minimun: 1 } as any) }))).toEqual([
      expect.stringMatching(/^versions\.v1\.spec\.properties\.n\.minimun: got 1; expected a known prop \(did you mean "minimum"\?\)/),
    ]);
  });

  test('helpers: patterns RE2 lacks, paths into a schema, values against a node', () => {
    expect(patternProblem('^(?=a)')).toBe('RE2 has no lookahead or lookbehind');
    expect(patternProblem('(a)\\1')).toBe('RE2 has no backreferences');
    expect(patternProblem('^[a-z]+$')).toBeUndefined();
    const root = CrdSchema.object({ list: CrdSchema.array(CrdSchema.object({ name: CrdSchema.string() })), free: CrdSchema.preserveUnknownFields() }).toJson();
    expect(schemaAt(root, '.list[0].name', true)).toEqual({ type: 'string' });
    expect(schemaAt(root, '.list[0].name', false)).toBeUndefined();
    expect(schemaAt(root, '.free.any.thing', false)).toEqual({ 'x-kubernetes-preserve-unknown-fields': true });
    expect(schemaAt(root, '.nothing', true)).toBeUndefined();
    expect(valueProblem(root, { list: [{ name: 'a', extra: 1 }] })).toBe('unknown field "extra" at .list[0] (the API server would prune it)');
    expect(valueProblem(root, { free: { whatever: [1, 'x'] } })).toBeUndefined();
  });
});

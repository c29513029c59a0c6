import { Aspects, DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { isPlainMap } from '../core/validator';

// cdktf's App.synth() resolves every element of a stack three times: prepareStack() resolves each element's
// toTerraform() to find cross-stack references (which add outputs and remote-state data sources), then the stack's
// toTerraform() calls each element's toTerraform() again, resolves it, merges the fragments and resolves the whole.
// The preparing resolution gives the same JSON as the later ones (a reference resolves to the same text either way;
// preparing only registers the cross-stack outputs first, and resolving resolved JSON changes nothing), so keelson keeps
// it and assembles the stack from it: a stack is built and resolved once. Aspects run between the two (in cdktf's
// stack synthesizer) and may change elements, so an app with any aspect takes cdktf's own path, and so does a stack
// whose own overrides hold tokens; an element with its own toTerraform is built and resolved when its stack is.
// terraform-app.test.ts compares the result with cdktf's App.synth(), cross-stack references and overrides included.

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** The Terraform elements of a stack, as cdktf's stack finds them: its subtree, without nested stacks. */
function elementsOf(stack: TerraformStack): TerraformElement[] {
  const found: TerraformElement[] = [];
  const visit = (c: IConstruct): void => {
    if (TerraformElement.isTerraformElement(c)) {
      found.push(c);
    }
    for (const child of c.node.children) {
      if (!TerraformStack.isStack(child)) {
        visit(child);
      }
    }
  };
  visit(stack);
  return found;
}

/** The elements' fragments resolved while preparing, kept for the stacks' toTerraform(). */
export class PreparedStacks {
  /**
   * Prepares the stacks as cdktf's prepareStack() does (a backend for each, cross-stack references registered), in
   * order, keeping each element's resolved fragment when that is safe (no aspects in the app).
   */
  public static prepare(root: IConstruct, stacks: readonly TerraformStack[]): PreparedStacks {
    const fragments = new Map<TerraformElement, unknown>();
    const keep = !root.node.findAll().some((c) => Aspects.of(c).all.length > 0);
    for (const stack of stacks) {
      if (!keep) {
        stack.prepareStack();
        continue;
      }
      stack.ensureBackendExists();
      for (const element of elementsOf(stack)) {
        const fragment = Tokenization.resolve(element.toTerraform(), { scope: stack, preparing: true, resolver: RESOLVER });
        if (!Object.prototype.hasOwnProperty.call(element, 'toTerraform')) {
          fragments.set(element, fragment);
        }
      }
    }
    return new PreparedStacks(fragments, keep);
  }

  private constructor(private readonly fragments: Map<TerraformElement, unknown>, private readonly kept: boolean) {}

  /**
   * The stack's Terraform JSON, as the stack's toTerraform() gives it. When the fragments were kept and the stack's
   * own overrides (`stack.addOverride`) are plain values, it is assembled here as cdktf assembles it (the "//" block of
   * metadata and outputs, then each element's fragment, then the overrides, merged in that order), from the kept
   * fragments, without resolving them twice more: cdktf's toTerraform() resolves each fragment again and then the
   * whole, which changes nothing in resolved JSON and was a third of the time of an AWS app's synth. Otherwise the
   * stack's toTerraform() runs, each prepared element giving its kept fragment.
   */
  public toTerraform(stack: TerraformStack): Record<string, any> {
    const overrides = this.kept ? plainOverrides(stack) : undefined;
    return overrides === undefined ? this.cdktfToTerraform(stack) : this.assemble(stack, overrides);
  }

  private assemble(stack: TerraformStack, overrides: Record<string, unknown>): Record<string, any> {
    const resolve = (value: unknown): any => Tokenization.resolve(value, { scope: stack, preparing: false, resolver: RESOLVER });
    const elements = elementsOf(stack);
    const metadata: Record<string, unknown> = {
      version: stack.node.tryGetContext('cdktfVersion'), stackName: stack.node.id, backend: 'local', cloud: undefined,
      ...(Object.keys(overrides).length > 0 ? { overrides: { stack: Object.keys(overrides) } } : {}),
    };
    const outputs: Record<string, unknown> = {};
    for (const element of elements) {
      mergeJson(metadata, resolve(element.toMetadata()));
      if (TerraformOutput.isTerraformOutput(element)) {
        // Nested by the output's construct path, e.g. { app: { "state-bucket-arn": "stateBucketArn" } }.
        mergeJson(outputs, element.node.path.split('/').reduceRight<Record<string, unknown>>(
          (inner, part) => ({ [part]: Object.keys(inner).length === 0 ? element.friendlyUniqueId : inner }), {}));
      }
    }
    const tf: Record<string, any> = { '//': resolve({ metadata, outputs }) };
    for (const element of elements) {
      // Elements added since preparing (cross-stack outputs, remote state) are resolved here, as cdktf does.
      mergeJson(tf, this.fragments.has(element) ? this.fragments.get(element) : resolve(element.toTerraform()));
      this.fragments.delete(element);
    }
    return mergeJson(tf, overrides);
  }

  private cdktfToTerraform(stack: TerraformStack): Record<string, any> {
    const patched = elementsOf(stack).filter((e) => this.fragments.has(e));
    for (const element of patched) {
      const fragment = this.fragments.get(element);
      Object.defineProperty(element, 'toTerraform', { value: () => fragment, configurable: true, writable: true });
    }
    try {
      return stack.toTerraform();
    } finally {
      for (const element of patched) {
        delete (element as { toTerraform?: unknown }).toTerraform;
        this.fragments.delete(element);
      }
    }
  }
}

/**
 * The stack's own overrides (`stack.addOverride(path, value)`, e.g. the S3 backend's `use_lockfile`) when every value
 * in them is plain JSON (or undefined, which removes a key); undefined when any holds a token, which only cdktf's
 * resolution of the whole stack turns into its value. cdktf keeps them in a private field.
 */
function plainOverrides(stack: TerraformStack): Record<string, unknown> | undefined {
  const overrides = (stack as unknown as { rawOverrides?: unknown }).rawOverrides;
  const plain = (value: unknown): boolean => {
    if (value === undefined || value === null || typeof value === 'boolean') {
      return true;
    }
    if (typeof value === 'string' || typeof value === 'number') {
      return !Token.isUnresolved(value);
    }
    if (Array.isArray(value)) {
      return value.every(plain);
    }
    return isPlainMap(value) && Object.values(value).every(plain);
  };
  return isPlainMap(overrides) && plain(overrides) ? overrides : undefined;
}

/**
 * Merges resolved JSON `source` into `target` as cdktf merges a stack's parts: maps key by key, lists appended to a
 * list already there, undefined removing the key, anything else replacing what was there.
 */
function mergeJson(target: Record<string, any>, source: unknown): Record<string, any> {
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      if (typeof target[key] !== 'object') {
        target[key] = {};
      }
      mergeJson(target[key], value);
    } else if (Array.isArray(value)) {
      target[key] = Array.isArray(target[key]) ? [...target[key], ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
  return target;
}

import { Aspects, DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';

// cdktf's App.synth() resolves every element of a stack three times: prepareStack() resolves each element's
// toTerraform() to find cross-stack references (which add outputs and remote-state data sources), then the stack's
// toTerraform() calls each element's toTerraform() again, resolves it, merges the fragments and resolves the whole.
// The preparing resolution gives the same JSON as the later one (a reference resolves to the same text either way;
// preparing only registers the cross-stack outputs first), so keelson keeps it and hands it to the stack's
// toTerraform(): a stack is built and resolved once. Aspects run between the two (in cdktf's stack synthesizer) and may
// change elements, so an app with any aspect takes cdktf's own path, and so does an element with its own toTerraform.
// terraform-app.test.ts compares the result with cdktf's App.synth(), cross-stack references included.

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
    return new PreparedStacks(fragments);
  }

  private constructor(private readonly fragments: Map<TerraformElement, unknown>) {}

  /**
   * The stack's toTerraform(), with each prepared element giving its kept fragment (resolving it again changes nothing)
   * and the elements added since (cross-stack outputs and remote state) built as usual.
   */
  public toTerraform(stack: TerraformStack): Record<string, any> {
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

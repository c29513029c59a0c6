// cdktf records a full stack trace (no depth limit) for every token it creates: each attribute reference, each Lazy
// value. The trace only serves cdktf's message about a token it cannot resolve, and it is upstream's known cost
// (hashicorp/terraform-cdk#3892; the AWS CDK dropped token traces for the same reason): under source maps (tsx,
// ts-node, jest) every frame of every trace is mapped, 15–20 % of the eks-platform example's synth under tsx.

/** cdktf's module itself (an import's namespace may be a copy whose members cannot be set); none if it moved. */
function stackTraceModule(): { captureStackTrace?: unknown } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('cdktf/lib/tokens/private/stack-trace');
  } catch {
    return {};
  }
}

/** The environment variable that keeps cdktf's token creation stacks (`1`), e.g. to find where a bad token came from. */
export const CREATION_STACKS_ENV = 'KEELSON_CDKTF_CREATION_STACKS';

const NO_STACK = (): string[] => [];

/**
 * Switches cdktf's token creation stacks off for the process (they stay on when `KEELSON_CDKTF_CREATION_STACKS=1`).
 * Called by `terraformApp`; what keelson writes does not change, only cdktf's message for an unresolvable token loses
 * the "created at" lines. `module` is cdktf's stack-trace module (given by tests).
 */
export function switchOffTokenCreationStacks(
  env: Readonly<Record<string, string | undefined>> = process.env,
  module: { captureStackTrace?: unknown } = stackTraceModule(),
): void {
  if (env[CREATION_STACKS_ENV] === '1') {
    return;
  }
  if (typeof module.captureStackTrace === 'function' && module.captureStackTrace !== NO_STACK) {
    try {
      module.captureStackTrace = NO_STACK;
    } catch {
      // A cdktf whose module is sealed keeps its traces: slower, not wrong.
    }
  }
}

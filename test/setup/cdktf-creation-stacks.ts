// cdktf records a full stack trace (without a depth limit) for every token it creates: each attribute reference, each
// Lazy value. Only cdktf's own message for a token that cannot be resolved shows it. Under jest, every one of those
// traces is formatted through jest's source-map support, frame by frame: more than half of the CPU of the AWS tests
// went there. The tests keep every behaviour of the output and of keelson's errors; tokens just carry no creation stack.
// terraformApp() does the same for the process (lib/aws/token-creation-stacks.ts); this covers the tests that build
// cdktf Apps of their own, from the first module they load.
jest.mock('cdktf/lib/tokens/private/stack-trace', () => ({ captureStackTrace: (): string[] => [] }));

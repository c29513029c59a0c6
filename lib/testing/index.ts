// keelson/testing: synthesize apps in memory in your own tests and assert on their objects, Terraform, helmfile and
// policy report; validate the objects against a strict schema folder you name.
export * from './synthesized-app';

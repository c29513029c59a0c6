#!/usr/bin/env bash
# The consumer test: keelson as a company repository meets it. Packs the library, installs the tarball into a
# scratch project outside this repository (with the tsconfig and jest config that `cdk8s init` generates), compiles
# a stack that imports `keelson` and `keelson/aws`, synthesizes it, runs the project's jest tests written with
# `keelson/testing`, runs `keelson check` over the output, type-checks under every moduleResolution, imports from
# ESM; then a Kubernetes-only install (its size, and the error of `keelson/aws` without cdktf); then `file:` and
# `git+` dependencies of a clean checkout. Needs the npm registry that `npm ci` uses; run by `.ci/run`.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SCHEMAS="${KUBE_SCHEMAS:-$(cd "$REPO/.." && pwd)/shared/schemas}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/keelson-consumer-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false CDK8S_CHECK_UPGRADE=false
NPM_INSTALL=(npm install --prefer-offline --no-package-lock --loglevel=error)

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
version() { node -p "const p = require('$REPO/package.json'); (p.devDependencies['$1'] ?? p.peerDependencies['$1'])"; }

step "npm pack: the compiled library, its types, README, LICENSE and CHANGELOG, nothing else"
(cd "$REPO" && npm pack --silent --pack-destination "$WORK" >"$WORK/pack.txt")
TARBALL="$WORK/$(tail -n 1 "$WORK/pack.txt")"
tar -tzf "$TARBALL" | sort >"$WORK/contents.txt"
unexpected="$(grep -vE '^package/(package\.json|README\.md|LICENSE|CHANGELOG\.md|build/lib/.+\.(js|d\.ts)|build/bin/keelson\.js)$' "$WORK/contents.txt" || true)"
[ -z "$unexpected" ] || fail "unexpected files in the tarball: $unexpected"
for f in package.json README.md LICENSE CHANGELOG.md build/lib/index.js build/lib/index.d.ts build/lib/aws/index.js \
  build/lib/aws/index.d.ts build/lib/testing/index.js build/lib/testing/index.d.ts build/bin/keelson.js; do
  grep -qx "package/$f" "$WORK/contents.txt" || fail "the tarball lacks $f"
done
node -e "const p = require('$REPO/package.json'); if (p.private) { process.exit(1); }" || fail "package.json is private"
echo "$(wc -l <"$WORK/contents.txt") files in $(basename "$TARBALL")"

step "a company project (cdk8s init's tsconfig and jest config) installs the tarball"
COMPANY="$WORK/company"
cp -r "$REPO/test/consumer/project" "$COMPANY"
cp "$REPO/node_modules/cdk8s-cli/templates/typescript-app/tsconfig.json" "$REPO/node_modules/cdk8s-cli/templates/typescript-app/jest.config.js" "$COMPANY/"
cat >"$COMPANY/package.json" <<EOF
{
  "name": "company-platform",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
    "keelson": "file:$TARBALL",
    "cdk8s": "$(version cdk8s)",
    "constructs": "$(version constructs)",
    "cdktf": "$(version cdktf)",
    "@cdktf/provider-aws": "$(version @cdktf/provider-aws)"
  },
  "devDependencies": {
    "typescript": "$(version typescript)",
    "@types/node": "$(version @types/node)",
    "@types/jest": "$(version @types/jest)",
    "jest": "$(version jest)",
    "ts-jest": "$(version ts-jest)"
  }
}
EOF
cd "$COMPANY"
"${NPM_INSTALL[@]}"
[ ! -e node_modules/keelson/test ] && [ ! -e node_modules/keelson/apps ] || fail "the installed package holds tests or apps"

step "tsc with the cdk8s init tsconfig (moduleResolution node, no skipLibCheck)"
npx tsc -p tsconfig.json

step "synth, then the drift gate"
node src/main.js --outdir dist
node src/main.js --outdir dist --check
[ -f dist/shop/deployment_apps_shop_web.yaml ] && [ -f dist/terraform/shop/stacks/shop-state/cdk.tf.json ] || fail "synth output missing"

step "jest tests written with keelson/testing (ts-jest, type-checked)"
KUBE_SCHEMAS="$SCHEMAS" npx jest --ci

step "keelson check over the committed output"
npx keelson check dist

step "types under moduleResolution node16, nodenext (ESM and CJS) and bundler"
for variant in "node16 node16" "nodenext nodenext" "esnext bundler"; do
  set -- $variant
  npx tsc --noEmit --strict --skipLibCheck false --lib es2022 --target es2022 --module "$1" --moduleResolution "$2" \
    --types node esm/types.mts $([ "$2" = bundler ] || echo esm/types.cts)
  echo "ok: module $1, moduleResolution $2"
done

step "ESM at run time"
node esm/run.mjs

step "a Kubernetes-only install stays small; keelson/aws without cdktf says what to install"
K8S="$WORK/k8s-only"
mkdir "$K8S" && cd "$K8S"
printf '{ "name": "k8s-only", "version": "1.0.0", "private": true, "dependencies": { "keelson": "file:%s", "cdk8s": "%s", "constructs": "%s" } }\n' \
  "$TARBALL" "$(version cdk8s)" "$(version constructs)" >package.json
"${NPM_INSTALL[@]}"
[ ! -e node_modules/@cdktf/provider-aws ] && [ ! -e node_modules/cdktf ] || fail "a Kubernetes-only install pulled cdktf"
echo "Kubernetes-only install: $(du -sm node_modules | cut -f1) MB in node_modules"
node -e "require('keelson').synthApps" >/dev/null
message="$(node -e "require('keelson/aws')" 2>&1 || true)"
echo "$message" | grep -q 'keelson/aws needs cdktf and @cdktf/provider-aws' || fail "unexpected keelson/aws error: $message"
echo "$message" | grep -q 'npm install cdktf@' || fail "the keelson/aws error does not say what to install: $message"

step "file: and git+ dependencies of a clean checkout (built by prepare)"
git clone --quiet "$REPO" "$WORK/checkout"
for spec in "file:$WORK/checkout" "git+file://$WORK/checkout"; do
  PROJECT="$WORK/from-$(echo "$spec" | cut -d: -f1)"
  mkdir "$PROJECT" && cd "$PROJECT"
  printf '{ "name": "consumer", "version": "1.0.0", "private": true, "dependencies": { "keelson": "%s", "cdk8s": "%s", "constructs": "%s" } }\n' \
    "$spec" "$(version cdk8s)" "$(version constructs)" >package.json
  "${NPM_INSTALL[@]}"
  node -e "
    const { AppStack, SecureNamespace } = require('keelson');
    const { synthApp } = require('keelson/testing');
    const out = synthApp((app) => new SecureNamespace(new AppStack(app, 'x'), 'x'));
    if (out.objects.length < 3) { throw new Error('no objects'); }"
  echo "ok: $spec"
done

step "consumer test passed"

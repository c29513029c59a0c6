import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { serverlessApps } from '../../../apps/serverless';
import { AppStack } from '../../../lib/core/app-stack';
import { IngressController } from '../../../lib/networking/ingress-controller';
import { IngressTls } from '../../../lib/networking/ingress-tls';
import { ExistingSecret } from '../../../lib/security/secret-source';
import { OpenFaasFunction, OpenFaasFunctionOptions } from '../../../lib/serverless/openfaas-function';
import { OpenFaasInstall, OpenFaasInstallProps } from '../../../lib/serverless/openfaas-install';
import { BadInput, describeBadInputs, withUnknownProps } from '../../helpers/bad-input';

// OpenFaaS mistakes, each refused at construction with the function's path, the prop, the value and what is allowed;
// handler files in particular fail here, never while the output is being written.

const IMAGE = 'ghcr.io/acme/hello:1.0.0';
const fn = (s: Construct, options: Partial<OpenFaasFunctionOptions> = {}, install: OpenFaasInstallProps = {}) =>
  new OpenFaasInstall(s, 'openfaas', install).addFunction('hello', { lang: 'python3-http', image: IMAGE, ...options });
const files = (s: Construct, handlerFiles: Record<string, unknown>) => fn(s, { handlerFiles: handlerFiles as Record<string, string> });
const inStack = (build: (stack: Construct) => void) => (app: App) => build(new AppStack(app, 'bad'));
const HANDLER_FORM = 'a relative path inside the handler folder';
const where = (field: string, value: string) => `[bad/openfaas/hello] ${field}: got ${value}`;

const CASES: BadInput[] = ([
  // Handler files: every path is checked before anything is written.
  { title: 'a handler file named "."', build: (s) => files(s, { '.': '' }), where: where('handlerFiles', '"."'), expected: HANDLER_FORM },
  { title: 'a handler file named ".."', build: (s) => files(s, { '..': '' }), where: where('handlerFiles', '".."'), expected: HANDLER_FORM },
  { title: 'a handler file with an empty name', build: (s) => files(s, { '': 'x' }), where: where('handlerFiles', '""'), expected: HANDLER_FORM },
  { title: 'an absolute handler path', build: (s) => files(s, { '/etc/passwd': 'x' }), where: where('handlerFiles', '"/etc/passwd"'), expected: HANDLER_FORM },
  { title: 'a handler path that climbs out with ".."', build: (s) => files(s, { 'lib/../../x.py': '' }), where: where('handlerFiles', '"lib/../../x.py"'),
    expected: HANDLER_FORM },
  { title: 'a handler path with a "." folder', build: (s) => files(s, { 'lib/./a.py': '' }), where: where('handlerFiles', '"lib/./a.py"'), expected: HANDLER_FORM },
  { title: 'a handler path with a trailing "/"', build: (s) => files(s, { 'lib/': '' }), where: where('handlerFiles', '"lib/"'), expected: HANDLER_FORM },
  { title: 'a handler file name of 256 characters', build: (s) => files(s, { [`${'a'.repeat(253)}.py`]: '' }),
    where: where('handlerFiles', `"${'a'.repeat(116)}... (256 characters)`), expected: HANDLER_FORM },
  { title: 'two handler files that differ only in case', build: (s) => files(s, { 'handler.py': '', 'Handler.py': '' }),
    where: where('handlerFiles', '"Handler.py"'), expected: 'a path no other handler file has (it is the same file as "handler.py" on a case-insensitive file system)' },
  { title: 'a handler file that is also a folder', build: (s) => files(s, { 'lib': '', 'lib/util.py': '' }),
    where: where('handlerFiles', '"lib"'), expected: 'a path that is not also a folder of another handler file ("lib/util.py")' },
  { title: 'handler content that is a number', build: (s) => files(s, { 'handler.py': 42 }),
    where: where('handlerFiles["handler.py"]', '42'), expected: 'the file\'s content as a string' },
  { title: 'handler content that is null', build: (s) => files(s, { 'handler.py': null }),
    where: where('handlerFiles["handler.py"]', 'null'), expected: 'the file\'s content as a string' },
  { title: 'a handler file named like a helmfile', build: (s) => files(s, { 'deploy/helmfile.yaml': 'releases: [' }),
    where: where('handlerFiles', '"deploy/helmfile.yaml"'), expected: HANDLER_FORM },
  { title: 'handler files given as a list', build: (s) => fn(s, { handlerFiles: ['handler.py'] as any }),
    where: where('handlerFiles', '["handler.py"]'), expected: 'an object of relative file paths to file contents' },
  // Names, environment, resources.
  { title: 'a function name with capitals', build: (s) => fn(s, { name: 'Hello' }),
    where: where('name', '"Hello"'), expected: 'a DNS-1123 label' },
  { title: 'a function name with an underscore', build: (s) => fn(s, { name: 'hello_world' }),
    where: where('name', '"hello_world"'), expected: 'a DNS-1123 label' },
  { title: 'an environment value that is a number', build: (s) => fn(s, { environment: { PORT: 8080 as any } }),
    where: where('environment.PORT', '8080'), expected: 'a string (write numbers and booleans in quotes, e.g. "8080")' },
  { title: 'an environment value that is null', build: (s) => fn(s, { environment: { MODE: null as any } }),
    where: where('environment.MODE', 'null'), expected: 'a string' },
  { title: 'environment as a string', build: (s) => fn(s, { environment: 'MODE=fast' as any }),
    where: where('environment', '"MODE=fast"'), expected: 'an object of variable names to string values' },
  { title: 'secrets as a string', build: (s) => fn(s, { secrets: 'api-key' as any }),
    where: where('secrets', '"api-key"'), expected: 'a list of Secret names' },
  { title: 'a template name with capitals', build: (s) => fn(s, { lang: 'Python3' }),
    where: where('lang', '"Python3"'), expected: 'a faas-cli template name' },
  { title: 'memory of half a byte', build: (s) => fn(s, { limits: { memory: '500m' } }),
    where: where('limits.memory', '"500m"'), expected: 'an amount of bytes such as "512Mi" or "1Gi"' },
  { title: 'a CPU finer than a millicore', build: (s) => fn(s, { requests: { cpu: '0.0001' } }),
    where: where('requests.cpu', '"0.0001"'), expected: 'a CPU amount of at least 1m' },
  { title: 'a writable root without a reason', build: (s) => fn(s, { allowWritableRootFilesystem: { reason: ' ' } }),
    where: where('allowWritableRootFilesystem.reason', '" "'), expected: 'a reason why' },
  { title: 'an annotation value that is a number', build: (s) => fn(s, { annotations: { 'com.openfaas.health.http.initialDelay': 30 as any } }),
    where: where('annotations["com.openfaas.health.http.initialDelay"]', '30'), expected: 'a string' },
  { title: 'a function without its install', build: (s) => new OpenFaasFunction(s, 'hello', { lang: 'python3-http', image: IMAGE } as any),
    where: '[bad/hello] install: got undefined', expected: 'the OpenFaasInstall the function runs on' },
  { title: 'function props that are null', build: (s) => new OpenFaasFunction(s, 'hello', null as any),
    where: '[bad/hello] props: got null', expected: 'an object of props' },
  // Function props and the install.
  { title: 'function scale bounds inverted', build: (s) => fn(s, { minReplicas: 4, maxReplicas: 2 }),
    where: '[bad/openfaas/hello] minReplicas: got 4', expected: 'at most maxReplicas (2)' },
  { title: 'a Docker Hub short image', build: (s) => fn(s, { image: 'russmckendrick/hello:1.0' }),
    where: '[bad/openfaas/hello] image: got "russmckendrick/hello:1.0"', expected: 'an image with a registry host' },
  { title: 'a credential in plain environment', build: (s) => fn(s, { environment: { API_TOKEN: 'abc' } }),
    where: '[bad/openfaas/hello] environment.API_TOKEN: got "<redacted>"', expected: 'a name in `secrets` instead' },
  { title: 'a request above the limit', build: (s) => fn(s, { requests: { memory: '1Gi' }, limits: { memory: '128Mi' } }),
    where: '[bad/openfaas/hello] requests.memory: got "1Gi"', expected: 'a request no larger than the limit (128Mi)' },
  { title: 'a handler file outside its folder', build: (s) => fn(s, { handlerFiles: { '../evil.py': '' } }),
    where: '[bad/openfaas/hello] handlerFiles: got "../evil.py"', expected: 'a relative path inside the handler folder' },
  { title: 'a gateway Ingress without TLS', build: (s) => fn(s, {}, { ingress: { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: undefined as any } }),
    where: '[bad/openfaas] ingress.tls: got undefined', expected: 'a TLS source' },
  { title: 'functions in the control-plane namespace', build: (s) => fn(s, {}, { functionNamespace: 'openfaas' }),
    where: '[bad/openfaas] functionNamespace: got "openfaas"', expected: 'a namespace other than the control plane\'s' },
  { title: 'the operator edition without a license', build: (s) => fn(s, {}, { edition: 'pro' }),
    where: '[bad/openfaas] licenseSecret: got undefined', expected: 'the Secret "openfaas-license"' },
  { title: 'a basic-auth Secret with another name', build: (s) => fn(s, {}, { basicAuthSecret: ExistingSecret.named('admin') }),
    where: '[bad/openfaas] basicAuthSecret: got "admin"', expected: 'a Secret named "basic-auth"' },
  { title: 'a gateway Ingress on an ALB with a TLS Secret (the ALB would serve plain HTTP)',
    build: (s) => fn(s, {}, { ingress: { host: 'gw.example.com', controller: IngressController.awsLoadBalancer({ sourceCidrs: ['10.0.0.0/24'] }), tls: IngressTls.fromSecret('gw') } }),
    where: '[bad/openfaas] ingress.tls: got "IngressTls.fromSecret(...)"', expected: 'IngressTls.fromAcm(): the ALBs of IngressClass "alb" terminate TLS with ACM certificates' },
  { title: 'two installs in one app', build: (s) => { fn(s); new OpenFaasInstall(s, 'second', { ingress: { host: 'gw.example.com', controller: IngressController.TRAEFIK, tls: IngressTls.fromSecret('gw') } }); },
    where: '[bad/second] OpenFaasInstall: got "bad/second"', expected: 'one OpenFaaS install per app (there is already bad/openfaas)' },
  { title: 'an OpenFaasFunction with "secret" for "secrets"', build: (s) => fn(s, withUnknownProps({}, { secret: ['api-key'] })),
    where: '[bad/openfaas/hello] secret: got ["api-key"]', expected: 'a known prop (did you mean "secrets"?)' },
  { title: 'function limits with "mem"', build: (s) => fn(s, { limits: withUnknownProps({ cpu: '1' }, { mem: '1Gi' }) }),
    where: '[bad/openfaas/hello] limits.mem: got "1Gi"', expected: 'a known prop; the props are cpu, memory' },
  { title: 'an OpenFaasInstall with a misspelt prop', build: (s) => fn(s, {}, withUnknownProps({}, { gatewayReplica: 2 })),
    where: '[bad/openfaas] gatewayReplica: got 2', expected: 'a known prop (did you mean "gatewayReplicas"?)' },
] as Array<Omit<BadInput, 'build'> & { build: (s: Construct) => void }>).map((c) => ({ ...c, build: inStack(c.build) }));

describeBadInputs('OpenFaaS bad inputs', serverlessApps[1], CASES);

import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { AppStack } from '../../../lib/core/app-stack';
import { describeValue } from '../../../lib/core/errors';
import { CIDR, DNS_1035_LABEL, DNS_LABEL, INGRESS_HOST, LABEL_KEY, PORT_NAME } from '../../../lib/core/formats';
import { ExternalEndpoints, ExternalEndpointsProps } from '../../../lib/networking/external-endpoints';
import { ExternalNameService, ExternalNameServiceProps } from '../../../lib/networking/external-name-service';
import { Service, ServiceProps } from '../../../lib/networking/service';
import { ServiceTarget } from '../../../lib/networking/service-target';
import { AppDefinition } from '../../../lib/output/synth-apps';
import { SecureNamespace } from '../../../lib/security/secure-namespace';
import { Worker } from '../../../lib/workloads/worker';
import { BadInput, describeBadInputs } from '../../helpers/bad-input';

const IMAGE = 'ghcr.io/acme/api:1.0.0';
const ns = (s: Construct, name = 'web') => new SecureNamespace(s, name);
const api = (scope: Construct) => new Worker(scope, 'api-workload', { name: 'api', image: IMAGE, ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9100 }] });
// Bad values are passed as they would come from JavaScript: the casts let the tables hold what TypeScript refuses.
const svc = (s: Construct, p: Partial<ServiceProps> | object) => {
  const n = ns(s);
  return new Service(n, 'api', { target: api(n), ...p } as ServiceProps);
};
const legacy = (s: Construct, p: Partial<ServiceProps> | object) => new Service(ns(s), 'legacy', { selector: { app: 'legacy' }, ports: [{ name: 'http', port: 80 }], ...p } as ServiceProps);
const lb = (s: Construct, options: object, p: object = {}) => svc(s, { type: 'LoadBalancer', ports: ['http'], loadBalancer: { sourceRanges: ['10.0.0.0/8'], ...options }, ...p });
const inStack = (cases: Array<Omit<BadInput, 'build'> & { build: (stack: Construct) => void }>): BadInput[] =>
  cases.map((c) => ({ ...c, build: (app: App) => c.build(new AppStack(app, 'bad')) }));

const S = '[bad/web/api]';
const L = '[bad/web/legacy]';
const HEADLESS = 'a headless Service has no virtual IP, so kube-proxy never routes its traffic';

const SERVICE_CASES = inStack([
  // NodePort
  { title: 'nodePort below the range', build: (s) => svc(s, { type: 'NodePort', ports: [{ name: 'http', nodePort: 8080 }] }), where: `${S} ports[0].nodePort: got 8080`, expected: 'an integer from 30000 to 32767' },
  { title: 'nodePort above the range', build: (s) => svc(s, { type: 'NodePort', ports: [{ name: 'http', nodePort: 32768 }] }), where: `${S} ports[0].nodePort: got 32768`, expected: 'an integer from 30000 to 32767' },
  { title: 'nodePort on a ClusterIP Service', build: (s) => svc(s, { ports: [{ name: 'http', nodePort: 30080 }] }),
    where: `${S} ports[0].nodePort: got 30080`, expected: 'no nodePort: only NodePort and LoadBalancer Services open node ports (type is ClusterIP)' },
  { title: 'nodePort on a Headless Service', build: (s) => svc(s, { type: 'Headless', ports: [{ name: 'http', nodePort: 30080 }] }),
    where: `${S} ports[0].nodePort: got 30080`, expected: 'no nodePort: only NodePort and LoadBalancer Services open node ports (type is Headless)' },
  { title: 'the same nodePort twice', build: (s) => svc(s, { type: 'NodePort', ports: [{ name: 'http', nodePort: 30080 }, { name: 'metrics', nodePort: 30080 }] }),
    where: `${S} ports[1]: got "node port 30080/TCP"`, expected: 'a node port and protocol that is not already used in ports' },
  { title: 'NodePort without naming its ports', build: (s) => svc(s, { type: 'NodePort' }),
    where: `${S} ports: got undefined`, expected: 'the names of the ports to publish, e.g. ["http"] (a NodePort or LoadBalancer Service publishes no port by default)' },
  { title: 'NodePort in front of the OpenFaaS gateway', build: (s) => new Service(s, 'gw', { type: 'NodePort', target: ServiceTarget.openFaasGateway({ namespace: 'openfaas' }), ports: ['http'] }),
    where: '[bad/gw] type: got "NodePort"', expected: '"ClusterIP" or "Headless": gateway serves the OpenFaaS gateway (it deploys and invokes functions), which must not be published on node ports' },
  { title: 'LoadBalancer selecting the Kubernetes Dashboard', build: (s) => new Service(s, 'dash', {
    namespace: 'kubernetes-dashboard', type: 'LoadBalancer', selector: { 'k8s-app': 'kubernetes-dashboard' }, ports: [{ port: 443, targetPort: 8443 }], loadBalancer: { sourceRanges: ['10.0.0.0/8'] },
  }), where: '[bad/dash] type: got "LoadBalancer"', expected: '"ClusterIP" or "Headless": the selector selects the Kubernetes Dashboard (pods labelled k8s-app=kubernetes-dashboard are taken for it)' },
  // LoadBalancer
  { title: 'LoadBalancer without options', build: (s) => svc(s, { type: 'LoadBalancer', ports: ['http'] }),
    where: `${S} loadBalancer: got undefined`, expected: '{ sourceRanges: [...] }: the client ranges a LoadBalancer Service admits, e.g. { sourceRanges: ["10.0.0.0/8"] }' },
  { title: 'source ranges missing', build: (s) => lb(s, { sourceRanges: undefined }),
    where: `${S} loadBalancer.sourceRanges: got undefined`, expected: 'at least one client CIDR such as "10.0.0.0/8" (without ranges, every address that reaches the load balancer may connect)' },
  { title: 'source ranges empty', build: (s) => lb(s, { sourceRanges: [] }), where: `${S} loadBalancer.sourceRanges: got []`, expected: 'at least one client CIDR such as "10.0.0.0/8"' },
  { title: 'a source range that is not a CIDR', build: (s) => lb(s, { sourceRanges: ['10.0.0.0/33'] }), where: `${S} loadBalancer.sourceRanges[0]: got "10.0.0.0/33"`, expected: CIDR.description },
  { title: 'the same source range twice', build: (s) => lb(s, { sourceRanges: ['10.0.0.0/8', '10.0.0.0/8'] }),
    where: `${S} loadBalancer.sourceRanges[1]: got "10.0.0.0/8"`, expected: 'a range that is not already used in loadBalancer.sourceRanges' },
  { title: '0.0.0.0/0 without a reason', build: (s) => lb(s, { sourceRanges: ['0.0.0.0/0'] }),
    where: `${S} loadBalancer.openToAll: got undefined`, expected: '{ reason: "..." }: sourceRanges holds 0.0.0.0/0, which admits every address; say why, or list the clients\' ranges' },
  { title: '::/0 with an empty reason', build: (s) => lb(s, { sourceRanges: ['::/0'], openToAll: { reason: ' ' } }),
    where: `${S} loadBalancer.openToAll.reason: got " "`, expected: 'a reason why every address may connect to the load balancer, given as { reason: "..." }' },
  { title: 'openToAll without an open range', build: (s) => lb(s, { openToAll: { reason: 'public' } }),
    where: `${S} loadBalancer.openToAll: got {"reason":"public"}`, expected: 'no openToAll: no source range covers every address (0.0.0.0/0 or ::/0)' },
  { title: 'scheme "public"', build: (s) => lb(s, { scheme: 'public' }), where: `${S} loadBalancer.scheme: got "public"`, expected: '"internal" or "internet-facing"' },
  { title: 'scheme with another load balancer class', build: (s) => lb(s, { scheme: 'internal', loadBalancerClass: 'metallb.io/l2' }),
    where: `${S} loadBalancer.scheme: got "internal"`, expected: 'no scheme: it is a setting of the AWS Load Balancer Controller (class service.k8s.aws/nlb); give the settings of class "metallb.io/l2" in annotations' },
  { title: 'a load balancer class with a space', build: (s) => lb(s, { loadBalancerClass: 'my class' }),
    where: `${S} loadBalancer.loadBalancerClass: got "my class"`, expected: 'a load balancer class such as "service.k8s.aws/nlb" or "example.com/internal-vip" (a label-style name)' },
  { title: 'an upper-case external-dns host name', build: (s) => lb(s, { hostname: 'API.example.com' }), where: `${S} loadBalancer.hostname: got "API.example.com"`, expected: INGRESS_HOST.description },
  { title: 'load balancer options on a ClusterIP Service', build: (s) => svc(s, { loadBalancer: { sourceRanges: ['10.0.0.0/8'] } }),
    where: `${S} loadBalancer: got {"sourceRanges":["10.0.0.0/8"]}`, expected: 'no loadBalancer options: the Service is of type ClusterIP (set type "LoadBalancer" to publish it through a load balancer)' },
  { title: 'load balancer option typo', build: (s) => svc(s, { type: 'LoadBalancer', ports: ['http'], loadBalancer: { sourceRange: ['10.0.0.0/8'] } }),
    where: `${S} loadBalancer.sourceRange: got ["10.0.0.0/8"]`, expected: 'a known prop (did you mean "sourceRanges"?)' },
  { title: 'an annotation the construct writes', build: (s) => lb(s, {}, { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } }),
    where: `${S} annotations key: got "service.beta.kubernetes.io/aws-load-balancer-scheme"`,
    expected: 'an annotation the construct does not write itself: set service.beta.kubernetes.io/aws-load-balancer-scheme with loadBalancer.scheme' },
  { title: 'the legacy source-ranges annotation', build: (s) => lb(s, {}, { annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '0.0.0.0/0' } }),
    where: `${S} annotations key: got "service.beta.kubernetes.io/load-balancer-source-ranges"`, expected: 'an annotation the construct does not write itself: set service.beta.kubernetes.io/load-balancer-source-ranges with loadBalancer.sourceRanges' },
  // type, target and selector
  { title: 'type "External"', build: (s) => svc(s, { type: 'External' }), where: `${S} type: got "External"`, expected: '"ClusterIP", "Headless", "NodePort" or "LoadBalancer"' },
  { title: 'neither target nor selector', build: (s) => new Service(ns(s), 'lonely', { ports: [{ port: 80 }] }),
    where: '[bad/web/lonely] target: got undefined', expected: 'a target (a workload) or a selector: a Service without either has no endpoints (for fixed addresses use ExternalEndpoints, for a DNS name ExternalNameService)' },
  { title: 'a target given by name', build: (s) => new Service(ns(s), 'api', { target: 'api' } as unknown as ServiceProps),
    where: '[bad/web/api] target: got "api"', expected: 'a workload (WebService, Worker, StatefulService, ...) or a ServiceTarget: name, namespace, a non-empty selector and named ports' },
  { title: 'an empty list of targets', build: (s) => new Service(ns(s), 'api', { target: [] }), where: '[bad/web/api] target: got []', expected: 'at least one workload' },
  { title: 'a target in another namespace', build: (s) => new Service(ns(s), 'api', { namespace: 'web', target: api(ns(s, 'other')) }),
    where: '[bad/web/api] target: got "api"', expected: 'a workload in the Service\'s namespace (web); api runs in other' },
  { title: 'the same target twice', build: (s) => { const n = ns(s); const w = api(n); new Service(n, 'api', { target: [w, w], ports: ['http'] }); },
    where: `${S} target[1]: got "web/api"`, expected: 'a workload that is not already used in target' },
  { title: 'an empty selector', build: (s) => legacy(s, { selector: {} }), where: `${L} selector: got {}`, expected: 'at least one label such as { app: "web" } (an empty selector selects no pods)' },
  { title: 'a selector key with a space', build: (s) => legacy(s, { selector: { 'my app': 'legacy' } }), where: `${L} selector key: got "my app"`, expected: LABEL_KEY.description },
  // ports with a target
  { title: 'a port name the target lacks', build: (s) => svc(s, { ports: ['grpc'] }), where: `${S} ports[0].name: got "grpc"`, expected: 'the name of a port of api: http, metrics' },
  { title: 'a port name that is not an IANA name', build: (s) => svc(s, { ports: ['HTTP'] }), where: `${S} ports[0].name: got "HTTP"`, expected: PORT_NAME.description },
  { title: 'a port object without name', build: (s) => svc(s, { ports: [{ port: 80 }] }), where: `${S} ports[0].name: got undefined`, expected: PORT_NAME.description },
  { title: 'targetPort with a target', build: (s) => svc(s, { ports: [{ name: 'http', targetPort: 9090 }] }),
    where: `${S} ports[0].targetPort: got 9090`, expected: 'no targetPort: the Service forwards to the target\'s port called "http"; set targetPort only with a selector' },
  { title: 'a protocol other than the target port\'s', build: (s) => svc(s, { ports: [{ name: 'http', protocol: 'UDP' }] }),
    where: `${S} ports[0].protocol: got "UDP"`, expected: 'the protocol of the target\'s port "http": "TCP" (or leave it out)' },
  { title: 'the same port name twice', build: (s) => svc(s, { ports: ['http', 'http'] }), where: `${S} ports[1]: got "http"`, expected: 'a port name that is not already used in ports' },
  { title: 'a Service port out of range', build: (s) => svc(s, { ports: [{ name: 'http', port: 0 }] }), where: `${S} ports[0].port: got 0`, expected: 'an integer port number from 1 to 65535' },
  { title: 'an appProtocol with a space', build: (s) => svc(s, { ports: [{ name: 'http', appProtocol: 'http 2' }] }),
    where: `${S} ports[0].appProtocol: got "http 2"`, expected: 'an application protocol such as "http", "kubernetes.io/h2c" or "example.com/custom"' },
  { title: 'ports given as a string', build: (s) => svc(s, { ports: 'http' }), where: `${S} ports: got "http"`, expected: 'a list of port names such as ["http"] or port objects' },
  { title: 'a port prop typo', build: (s) => svc(s, { type: 'NodePort', ports: [{ name: 'http', nodeport: 30000 }] }),
    where: `${S} ports[0].nodeport: got 30000`, expected: 'a known prop (did you mean "nodePort"?)' },
  // ports with a selector
  { title: 'selector without ports', build: (s) => legacy(s, { ports: undefined }),
    where: `${L} ports: got undefined`, expected: 'a list of ports such as [{ name: "http", port: 80, targetPort: 8080 }] (with a selector there is no workload to take them from)' },
  { title: 'port names with a selector', build: (s) => legacy(s, { ports: ['http'] }),
    where: `${L} ports[0]: got "http"`, expected: 'a port such as { name: "http", port: 80, targetPort: 8080 } (names alone need a target to look them up)' },
  { title: 'several unnamed ports', build: (s) => legacy(s, { ports: [{ port: 80 }, { port: 443 }] }),
    where: `${L} ports[0].name: got undefined`, expected: 'a name: every port of a Service with several ports has one, e.g. "http"' },
  { title: 'a port name that is not a DNS label', build: (s) => legacy(s, { ports: [{ name: 'Web_1', port: 80 }] }), where: `${L} ports[0].name: got "Web_1"`, expected: DNS_LABEL.description },
  { title: 'the same port and protocol twice', build: (s) => legacy(s, { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }),
    where: `${L} ports[1]: got "80/TCP"`, expected: 'a port and protocol that is not already used in ports' },
  { title: 'a targetPort name that is not an IANA name', build: (s) => legacy(s, { ports: [{ name: 'web', port: 80, targetPort: 'Http-Port' }] }),
    where: `${L} ports[0].targetPort: got "Http-Port"`, expected: PORT_NAME.description },
  { title: 'a port without number', build: (s) => legacy(s, { ports: [{ name: 'web' }] }), where: `${L} ports[0].port: got undefined`, expected: 'an integer port number from 1 to 65535' },
  { title: 'protocol "HTTP"', build: (s) => legacy(s, { ports: [{ name: 'web', port: 80, protocol: 'HTTP' }] }), where: `${L} ports[0].protocol: got "HTTP"`, expected: '"TCP", "UDP" or "SCTP"' },
  // traffic settings
  { title: 'sessionAffinity "Cookie"', build: (s) => svc(s, { sessionAffinity: 'Cookie' }), where: `${S} sessionAffinity: got "Cookie"`, expected: '"None" or "ClientIP"' },
  { title: 'an affinity timeout without ClientIP', build: (s) => svc(s, { sessionAffinityTimeoutSeconds: 60 }),
    where: `${S} sessionAffinityTimeoutSeconds: got 60`, expected: 'no timeout unless sessionAffinity is "ClientIP"' },
  { title: 'an affinity timeout above a day', build: (s) => svc(s, { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: 86401 }),
    where: `${S} sessionAffinityTimeoutSeconds: got 86401`, expected: 'an integer from 1 to 86400' },
  { title: 'ClientIP affinity on a Headless Service', build: (s) => svc(s, { type: 'Headless', sessionAffinity: 'ClientIP' }),
    where: `${S} sessionAffinity: got "ClientIP"`, expected: `"None" or nothing: ${HEADLESS}` },
  { title: 'externalTrafficPolicy on a ClusterIP Service', build: (s) => svc(s, { externalTrafficPolicy: 'Local' }),
    where: `${S} externalTrafficPolicy: got "Local"`, expected: 'no externalTrafficPolicy: it applies to NodePort and LoadBalancer Services only (type is ClusterIP)' },
  { title: 'externalTrafficPolicy "Node"', build: (s) => svc(s, { type: 'NodePort', ports: ['http'], externalTrafficPolicy: 'Node' }),
    where: `${S} externalTrafficPolicy: got "Node"`, expected: '"Cluster" or "Local"' },
  { title: 'internalTrafficPolicy on a Headless Service', build: (s) => svc(s, { type: 'Headless', internalTrafficPolicy: 'Local' }),
    where: `${S} internalTrafficPolicy: got "Local"`, expected: `no internalTrafficPolicy: ${HEADLESS}` },
  { title: 'trafficDistribution "PreferSameZone"', build: (s) => svc(s, { trafficDistribution: 'PreferSameZone' }), where: `${S} trafficDistribution: got "PreferSameZone"`, expected: '"PreferClose"' },
  { title: 'trafficDistribution on a Headless Service', build: (s) => svc(s, { type: 'Headless', trafficDistribution: 'PreferClose' }),
    where: `${S} trafficDistribution: got "PreferClose"`, expected: `no trafficDistribution: ${HEADLESS}` },
  { title: 'ipFamilyPolicy "DualStack"', build: (s) => svc(s, { ipFamilyPolicy: 'DualStack' }),
    where: `${S} ipFamilyPolicy: got "DualStack"`, expected: '"SingleStack", "PreferDualStack" or "RequireDualStack"' },
  { title: 'two families with SingleStack', build: (s) => svc(s, { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] }),
    where: `${S} ipFamilyPolicy: got "SingleStack"`, expected: '"PreferDualStack" or "RequireDualStack": ipFamilies lists two families' },
  { title: 'the same family twice', build: (s) => svc(s, { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv4'] }),
    where: `${S} ipFamilies[1]: got "IPv4"`, expected: 'a family that is not already used in ipFamilies' },
  { title: 'three families', build: (s) => svc(s, { ipFamilies: ['IPv4', 'IPv6', 'IPv4'] }),
    where: `${S} ipFamilies: got ["IPv4","IPv6","IPv4"]`, expected: 'one or two IP families: ["IPv4"], ["IPv6"], ["IPv4", "IPv6"] or ["IPv6", "IPv4"]' },
  { title: 'family "IPv5"', build: (s) => svc(s, { ipFamilies: ['IPv5'] }), where: `${S} ipFamilies[0]: got "IPv5"`, expected: '"IPv4" or "IPv6"' },
  { title: 'publishNotReadyAddresses "yes"', build: (s) => svc(s, { publishNotReadyAddresses: 'yes' }), where: `${S} publishNotReadyAddresses: got "yes"`, expected: 'true or false' },
  // the props object
  { title: 'a prop typo', build: (s) => svc(s, { sessionAfinity: 'ClientIP' }), where: `${S} sessionAfinity: got "ClientIP"`, expected: 'a known prop (did you mean "sessionAffinity"?)' },
  { title: 'a Service name with a dot', build: (s) => svc(s, { name: 'api.v1' }), where: `${S} name: got "api.v1"`, expected: DNS_1035_LABEL.description },
  { title: 'props null', build: (s) => new Service(ns(s), 'api', null as unknown as ServiceProps), where: `${S} props: got null`, expected: 'an object of props' },
  { title: 'annotations given as a string', build: (s) => svc(s, { annotations: 'team=web' }), where: `${S} annotations: got "team=web"`, expected: 'a map of annotation keys to values' },
]);

const E = '[bad/web/db]';
const HOST_FORMAT = 'a DNS name such as "db.example.com": dot-separated parts of lowercase letters, digits or "-", each starting and ending with a letter or digit, '
  + 'at most 253 characters (an optional trailing dot), or an IExternalHost';
const TERRAFORM = 'a DNS name known when keelson synthesizes: this is a Terraform value (such as an RDS or ElastiCache endpoint address), known only after `terraform apply`; '
  + 'give the endpoint a stable name with PrivateDnsAlias (keelson/aws) and pass that alias here';
/** 5 labels of 60 letters and "com": 308 characters. */
const LONG_NAME = `${'a'.repeat(60)}.`.repeat(5) + 'com';
const en = (s: Construct, p: Partial<ExternalNameServiceProps> | object) => new ExternalNameService(ns(s), 'db', { externalName: 'db.example.com', ...p } as ExternalNameServiceProps);

const EXTERNAL_NAME_CASES = inStack([
  { title: 'a cdktf token', build: (s) => en(s, { externalName: '${TfToken[TOKEN.12]}' }), where: `${E} externalName: got "\${TfToken[TOKEN.12]}"`, expected: TERRAFORM },
  { title: 'a Terraform interpolation', build: (s) => en(s, { externalName: '${aws_db_instance.db.address}' }), where: `${E} externalName: got "\${aws_db_instance.db.address}"`, expected: TERRAFORM },
  { title: 'a token inside a name', build: (s) => en(s, { externalName: 'db.${TfToken[TOKEN.3]}.internal' }), where: `${E} externalName: got "db.\${TfToken[TOKEN.3]}.internal"`, expected: TERRAFORM },
  { title: 'an IExternalHost holding a token', build: (s) => en(s, { externalName: { hostname: '${TfToken[TOKEN.7]}' } }), where: `${E} externalName.hostname: got "\${TfToken[TOKEN.7]}"`, expected: TERRAFORM },
  { title: 'an IPv4 address', build: (s) => en(s, { externalName: '10.0.0.5' }), where: `${E} externalName: got "10.0.0.5"`,
    expected: 'a DNS name, not an IP address (cluster DNS would answer with a CNAME to a name made of digits); for fixed addresses use ExternalEndpoints' },
  { title: 'an IPv6 address', build: (s) => en(s, { externalName: '2001:db8::5' }), where: `${E} externalName: got "2001:db8::5"`, expected: 'a DNS name, not an IP address' },
  { title: 'upper case', build: (s) => en(s, { externalName: 'DB.example.com' }), where: `${E} externalName: got "DB.example.com"`, expected: HOST_FORMAT },
  { title: 'an underscore', build: (s) => en(s, { externalName: 'db_1.example.com' }), where: `${E} externalName: got "db_1.example.com"`, expected: HOST_FORMAT },
  { title: 'a label starting with "-"', build: (s) => en(s, { externalName: '-db.example.com' }), where: `${E} externalName: got "-db.example.com"`, expected: HOST_FORMAT },
  { title: 'an empty name', build: (s) => en(s, { externalName: '' }), where: `${E} externalName: got ""`, expected: HOST_FORMAT },
  { title: 'no name', build: (s) => en(s, { externalName: undefined }), where: `${E} externalName: got undefined`, expected: HOST_FORMAT },
  { title: 'a number', build: (s) => en(s, { externalName: 42 }), where: `${E} externalName: got 42`, expected: HOST_FORMAT },
  { title: 'a name longer than 253 characters', build: (s) => en(s, { externalName: LONG_NAME }), where: `${E} externalName: got ${describeValue(LONG_NAME)}`, expected: HOST_FORMAT },
  { title: 'a host port out of range', build: (s) => en(s, { externalName: { hostname: 'db.example.com', port: 70000 } }),
    where: `${E} externalName.port: got 70000`, expected: 'an integer port number from 1 to 65535' },
  { title: 'port 0', build: (s) => en(s, { ports: [0] }), where: `${E} ports[0].port: got 0`, expected: 'an integer port number from 1 to 65535' },
  { title: 'a port object without port', build: (s) => en(s, { ports: [{ name: 'pg' }] }), where: `${E} ports[0].port: got undefined`, expected: 'an integer port number from 1 to 65535' },
  { title: 'several unnamed ports', build: (s) => en(s, { ports: [80, 443] }), where: `${E} ports[0].name: got undefined`, expected: 'a name: every port of a Service with several ports has one, e.g. "http"' },
  { title: 'the same port name twice', build: (s) => en(s, { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] }),
    where: `${E} ports[1]: got "http"`, expected: 'a port name that is not already used in ports' },
  { title: 'protocol "HTTP"', build: (s) => en(s, { ports: [{ port: 80, protocol: 'HTTP' }] }), where: `${E} ports[0].protocol: got "HTTP"`, expected: '"TCP", "UDP" or "SCTP"' },
  { title: 'ports given as a number', build: (s) => en(s, { ports: 80 }), where: `${E} ports: got 80`, expected: 'a list of ports such as [80] or [{ name: "postgres", port: 5432 }]' },
  { title: 'a port given as a string', build: (s) => en(s, { ports: ['80'] }), where: `${E} ports[0]: got "80"`, expected: 'a port number such as 80, or { name?, port, protocol? }' },
  { title: 'a port prop typo', build: (s) => en(s, { ports: [{ port: 80, protocl: 'TCP' }] }), where: `${E} ports[0].protocl: got "TCP"`, expected: 'a known prop (did you mean "protocol"?)' },
  { title: 'a prop typo', build: (s) => en(s, { externalname: 'db.example.com' }), where: `${E} externalname: got "db.example.com"`, expected: 'a known prop (did you mean "externalName"?)' },
  { title: 'a Service name starting with a digit', build: (s) => en(s, { name: '1db' }), where: `${E} name: got "1db"`, expected: DNS_1035_LABEL.description },
  { title: 'no namespace', build: (s) => new ExternalNameService(s, 'db', { externalName: 'db.example.com' }),
    where: '[bad/db] namespace: got undefined', expected: 'a namespace: set `namespace` or define the construct inside a SecureNamespace' },
]);

const X = '[bad/web/es]';
const REFUSED = 'the API server refuses unspecified, loopback and link-local endpoint addresses, and a multicast address cannot take a connection';
const ee = (s: Construct, p: Partial<ExternalEndpointsProps> | object) => new ExternalEndpoints(ns(s), 'es', { addresses: ['192.168.24.14'], ports: [9200], ...p } as ExternalEndpointsProps);
const NOT_IP = 'an IPv4 or IPv6 address such as "192.168.24.14"; for DNS names set addressType "FQDN" (kube-proxy and cluster DNS ignore such slices) or use ExternalNameService';
const PORTS_101 = Array.from({ length: 101 }, (_x, i) => 9000 + i);

const ENDPOINT_CASES = inStack([
  { title: 'a loopback address', build: (s) => ee(s, { addresses: ['127.0.0.1'] }), where: `${X} addresses[0]: got "127.0.0.1"`, expected: `an endpoint address that is not loopback (127.0.0.0/8): ${REFUSED}` },
  { title: 'the metadata service (link-local)', build: (s) => ee(s, { addresses: ['169.254.169.254'] }),
    where: `${X} addresses[0]: got "169.254.169.254"`, expected: `an endpoint address that is not link-local (169.254.0.0/16): ${REFUSED}` },
  { title: 'a multicast address', build: (s) => ee(s, { addresses: ['224.0.0.5'] }), where: `${X} addresses[0]: got "224.0.0.5"`, expected: `an endpoint address that is not multicast (224.0.0.0/4): ${REFUSED}` },
  { title: 'the unspecified address', build: (s) => ee(s, { addresses: ['0.0.0.0'] }), where: `${X} addresses[0]: got "0.0.0.0"`, expected: `an endpoint address that is not unspecified (0.0.0.0): ${REFUSED}` },
  { title: 'IPv6 loopback', build: (s) => ee(s, { addresses: ['::1'] }), where: `${X} addresses[0]: got "::1"`, expected: `an endpoint address that is not loopback (::1): ${REFUSED}` },
  { title: 'IPv6 unspecified', build: (s) => ee(s, { addresses: ['::'] }), where: `${X} addresses[0]: got "::"`, expected: `an endpoint address that is not unspecified (::): ${REFUSED}` },
  { title: 'IPv6 link-local', build: (s) => ee(s, { addresses: ['fe80::1'] }), where: `${X} addresses[0]: got "fe80::1"`, expected: `an endpoint address that is not link-local (fe80::/10): ${REFUSED}` },
  { title: 'IPv6 multicast', build: (s) => ee(s, { addresses: ['ff02::1'] }), where: `${X} addresses[0]: got "ff02::1"`, expected: `an endpoint address that is not multicast (ff00::/8): ${REFUSED}` },
  { title: 'an IPv4-mapped IPv6 address', build: (s) => ee(s, { addresses: ['::ffff:10.0.0.1'] }),
    where: `${X} addresses[0]: got "::ffff:10.0.0.1"`, expected: 'an endpoint address that is not an IPv4-mapped IPv6 address (::ffff:0:0/96; give the IPv4 address)' },
  { title: 'an IPv6 address with a zone', build: (s) => ee(s, { addresses: ['2001:db8::1%eth0'] }), where: `${X} addresses[0]: got "2001:db8::1%eth0"`, expected: NOT_IP },
  { title: 'leading zeros', build: (s) => ee(s, { addresses: ['192.168.024.14'] }), where: `${X} addresses[0]: got "192.168.024.14"`, expected: NOT_IP },
  { title: 'a DNS name without addressType', build: (s) => ee(s, { addresses: ['es.example.com'] }), where: `${X} addresses[0]: got "es.example.com"`, expected: NOT_IP },
  { title: 'an IPv6 address in an IPv4 slice', build: (s) => ee(s, { addressType: 'IPv4', addresses: ['2001:db8::1'] }),
    where: `${X} addresses[0]: got "2001:db8::1"`, expected: 'an IPv4 address, as addressType is "IPv4"' },
  { title: 'a single-label FQDN', build: (s) => ee(s, { addressType: 'FQDN', addresses: ['elasticsearch'] }),
    where: `${X} addresses[0]: got "elasticsearch"`, expected: 'a fully qualified DNS name such as "es.example.com" (two or more dot-separated parts of lowercase letters, digits or "-", at most 253 characters), as addressType is "FQDN"' },
  { title: 'an IP address in an FQDN slice', build: (s) => ee(s, { addressType: 'FQDN', addresses: ['10.0.0.1'] }), where: `${X} addresses[0]: got "10.0.0.1"`, expected: 'a fully qualified DNS name' },
  { title: 'an address twice', build: (s) => ee(s, { addresses: ['192.168.24.14', '192.168.24.14'] }),
    where: `${X} addresses[1]: got "192.168.24.14"`, expected: 'an address that is not already used in addresses' },
  { title: 'no addresses', build: (s) => ee(s, { addresses: [] }), where: `${X} addresses: got []`, expected: 'a list of at least one address, e.g. ["192.168.24.14"]' },
  { title: 'an address that is a number', build: (s) => ee(s, { addresses: [5] }), where: `${X} addresses[0]: got 5`, expected: 'an IPv4 or IPv6 address, or a DNS name with addressType "FQDN"' },
  { title: 'the deprecated addressType "IP"', build: (s) => ee(s, { addressType: 'IP' }), where: `${X} addressType: got "IP"`, expected: '"IPv4", "IPv6" or "FQDN"' },
  { title: 'no ports', build: (s) => ee(s, { ports: [] }), where: `${X} ports: got []`, expected: 'a list of 1 to 100 ports, e.g. [9200] or [{ name: "http", port: 80, targetPort: 8080 }]' },
  { title: '101 ports (the API server\'s limit is 100)', build: (s) => ee(s, { ports: PORTS_101 }), where: `${X} ports: got ${describeValue(PORTS_101)}`, expected: 'a list of 1 to 100 ports' },
  { title: 'several unnamed ports', build: (s) => ee(s, { ports: [9200, 9300] }), where: `${X} ports[0].name: got undefined`, expected: 'a name: every port of a Service with several ports has one, e.g. "http"' },
  { title: 'targetPort 0', build: (s) => ee(s, { ports: [{ port: 80, targetPort: 0 }] }), where: `${X} ports[0].targetPort: got 0`, expected: 'an integer port number from 1 to 65535' },
  { title: 'protocol "ICMP"', build: (s) => ee(s, { ports: [{ port: 80, protocol: 'ICMP' }] }), where: `${X} ports[0].protocol: got "ICMP"`, expected: '"TCP", "UDP" or "SCTP"' },
  { title: 'a targetPort name', build: (s) => ee(s, { ports: [{ port: 80, targetPort: 'http' }] }), where: `${X} ports[0].targetPort: got "http"`, expected: 'an integer port number from 1 to 65535' },
  { title: 'headless "yes"', build: (s) => ee(s, { headless: 'yes' }), where: `${X} headless: got "yes"`, expected: 'true or false' },
  { title: 'a label the construct writes', build: (s) => ee(s, { labels: { 'kubernetes.io/service-name': 'other' } }),
    where: `${X} labels key: got "kubernetes.io/service-name"`, expected: 'a label the construct does not write itself (it sets kubernetes.io/service-name on the EndpointSlices)' },
  { title: 'a prop typo', build: (s) => ee(s, { headles: true }), where: `${X} headles: got true`, expected: 'a known prop (did you mean "headless"?)' },
]);

const good: AppDefinition = {
  name: 'good',
  description: 'Services of every kind, synthesized before each bad one',
  build: (app) => {
    const n = ns(new AppStack(app, 'good'));
    new Service(n, 'api', { target: api(n), type: 'LoadBalancer', ports: ['http'], loadBalancer: { sourceRanges: ['10.0.0.0/8'] } });
    new ExternalNameService(n, 'db', { externalName: 'db.example.com', ports: [5432] });
    new ExternalEndpoints(n, 'es', { addresses: ['192.168.24.14', '192.168.24.15'], ports: [9200] });
  },
};

describeBadInputs('bad Service input is rejected at synth time with a clear error and no output', good, SERVICE_CASES);
describeBadInputs('bad ExternalNameService input is rejected at synth time with a clear error and no output', good, EXTERNAL_NAME_CASES);
describeBadInputs('bad ExternalEndpoints input is rejected at synth time with a clear error and no output', good, ENDPOINT_CASES);

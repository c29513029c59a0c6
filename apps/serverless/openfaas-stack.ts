import { Construct } from 'constructs';
import { AppStack, ExistingSecret, IngressController, IngressTls, OpenFaasInstall } from '../../lib';
import { HELLO_HANDLER_FILES } from './hello-function';

/** Host of the gateway (the book reached it on NodePort 31112 of a Minikube VM). */
export const GATEWAY_HOST = 'gateway.openfaas.example.com';

/**
 * Kubernetes for Serverless Applications ch. 9–10 and Cloud Native with Kubernetes ch. 14 (A11): OpenFaaS with
 * the gateway secured as ch. 10 asks (basic auth, TLS, no NodePort), functions isolated in `openfaas-fn`, and the
 * `hello` function both as a faas-cli stack file and as a Function resource for GitOps.
 */
export class OpenFaasStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    const openfaas = new OpenFaasInstall(this, 'openfaas', {
      // The Function resource needs the operator of OpenFaaS Standard/Enterprise; with "ce" only stack.yml is written.
      edition: 'pro',
      licenseSecret: ExistingSecret.named('openfaas-license'),
      ingress: {
        host: GATEWAY_HOST,
        controller: IngressController.TRAEFIK,
        tls: IngressTls.fromCertManager({ clusterIssuer: 'letsencrypt' }),
      },
    });

    openfaas.addFunction('hello', {
      lang: 'python3-http',
      handlerFiles: HELLO_HANDLER_FILES,
      image: 'registry.example.com/functions/hello:0.1.0',
      minReplicas: 1,
      maxReplicas: 5,
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '128Mi' },
    });
  }
}

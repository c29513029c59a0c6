import { appDescription } from '../catalogue';
import { Construct } from 'constructs';
import { AppStack } from '../../lib/core/app-stack';
import { NetworkPeer } from '../../lib/networking/network-peer';
import { AppDefinition } from '../../lib/output/synth-apps';
import { AdmissionWebhook } from '../../lib/security/admission-webhook';
import { SecureNamespace } from '../../lib/security/secure-namespace';
import { WebhookTls } from '../../lib/security/webhook-tls';
import { PLATFORM } from '../eks-platform/platform';

/** The namespace of the webhook server (the book uses `default`). */
export const WEBHOOK_NAMESPACE = 'webhook-system';

/**
 * The book does not show its webhook server's image; this is a placeholder name, pinned, for the image you build
 * from your own server (it must serve HTTPS on 8443 at /mutate and /healthz, with the certificate from
 * /etc/webhook/tls).
 */
export const WEBHOOK_SERVER_IMAGE = 'registry.example.com/my-custom-webhook-server:1.0.0';

/**
 * Cloud Native with Kubernetes, ch. 12, "custom admission controller" (A1): the webhook server behind the Service
 * `my-custom-webhook-server` (443 → 8443), and the MutatingWebhookConfiguration `my-service-webhook` that sends it
 * the creation of pods, configmaps and deployments, over TLS from cert-manager.
 */
export class WebhookStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    const ns = new SecureNamespace(this, 'namespace', { name: WEBHOOK_NAMESPACE });

    new AdmissionWebhook(ns, 'my-custom-webhook-server', {
      type: 'mutating',
      image: WEBHOOK_SERVER_IMAGE,
      configurationName: 'my-service-webhook',
      // The book pastes a CA bundle by hand; cert-manager runs a private CA, issues and renews the serving
      // certificate, and injects the CA into the configuration.
      tls: WebhookTls.certManager(),
      // EKS calls webhooks from control-plane network interfaces in the cluster's VPC.
      apiServerPeers: [NetworkPeer.ipBlock(PLATFORM.vpcCidr)],
      webhooks: [{
        path: '/mutate',
        rules: [
          { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'configmaps'] },
          // The book lists deployments under the core group "", where they never match: they are in "apps".
          { operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] },
        ],
      }],
    });
  }
}

/** The app `security-webhook`. */
export const webhookApp: AppDefinition = {
  name: 'security-webhook',
  description: appDescription('security-webhook'),
  build: (app) => new WebhookStack(app, 'security-webhook'),
};

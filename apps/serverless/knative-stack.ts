import { Construct } from 'constructs';
import { AppStack, KnativeBroker, KnativeInstall, KnativeService, PingSource, SecureNamespace } from '../../lib';

/** The echo server that stands in for the book's unnamed consumer image: it answers with the request it got. */
const ECHO_IMAGE = 'mendhak/http-https-echo:35';
const SMALL = { requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };

/**
 * Cloud Native with Kubernetes, ch. 14, "Knative" (A10), on current Knative: the platform from the operator
 * instead of v0.18 remote YAML; a Broker `default` with retries and a dead-letter sink; the consumer
 * `service-consumer` as a Knative Service that scales to zero (the book ran a 4-replica Deployment); the Trigger
 * on `type=myeventtype`; and a PingSource that sends a test event every minute in place of the book's curl pod.
 * Beside it, `hello`: a scale-to-zero service whose traffic is split between two revisions.
 */
export class KnativeStack extends AppStack {
  public constructor(scope: Construct, id: string) {
    super(scope, id);

    const knative = new KnativeInstall(this, 'knative');
    const ns = new SecureNamespace(this, 'namespace', { name: 'serverless' });
    const dataPlaneNamespaces = [...knative.dataPlaneNamespaces];

    // An echo server answers with each CloudEvent it receives (the book's consumer answered {"Output": <payload>}).
    const echo = (name: string, maxScale: number) => new KnativeService(ns, name, {
      image: ECHO_IMAGE, env: { HTTP_PORT: '8080' }, resources: SMALL, maxScale, dataPlaneNamespaces,
    });
    const consumer = echo('service-consumer', 4);
    // Events that still fail after the retries land here instead of being dropped.
    const deadLetters = echo('dead-letters', 1);

    const broker = new KnativeBroker(ns, 'broker', {
      name: 'default',
      delivery: { retry: 5, backoffPolicy: 'exponential', backoffDelay: 'PT0.5S', deadLetterSink: deadLetters },
    });
    // The book's Trigger: events of type myeventtype go to the consumer.
    broker.subscribe(consumer, { type: 'myeventtype' }, { name: 'my-trigger' });

    // The test event. Knative gives PingSource events the type dev.knative.sources.ping, so they reach the
    // consumer through their own Trigger; anything POSTed with Ce-Type: myeventtype still goes through my-trigger.
    const ping = new PingSource(ns, 'test-event', {
      schedule: '*/1 * * * *',
      data: { payload: 'Does this work?' },
      sink: broker,
    });
    broker.subscribe(consumer, { type: 'dev.knative.sources.ping', source: `/apis/v1/namespaces/${ns.namespaceName}/pingsources/${ping.name}` },
      { name: 'test-event-trigger' });

    // Scale to zero, with 90% of requests on the previous revision while v2 takes 10%.
    new KnativeService(ns, 'hello', {
      image: 'hashicorp/http-echo:1.0.0',
      args: ['-listen=:8080', '-text=hello from v2'],
      resources: SMALL,
      minScale: 0,
      maxScale: 5,
      revision: 'v2',
      traffic: [
        { revision: 'hello-v1', percent: 90, tag: 'v1' },
        { latestRevision: true, percent: 10, tag: 'v2' },
      ],
      dataPlaneNamespaces,
    });
  }
}

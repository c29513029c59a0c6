import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator, isObject, reportUnder, requireProps } from '../core/validator';
import { objectProp, text } from './checks';
import { DeliveryOptions, EventReference, EventTarget, IEventSink, renderDelivery, toDestination, validateDelivery } from './event-destination';
import { KnativeTrigger } from './knative-trigger';

/** The ConfigMap that configures a broker's channel. */
export interface BrokerChannelConfig {
  /** Name of the ConfigMap. */
  readonly name: string;
  /** Namespace of the ConfigMap. */
  readonly namespace: string;
}

/** Props of a {@link KnativeBroker}. */
export interface KnativeBrokerProps {
  /**
   * Name of the broker.
   * @default "default" (the name Knative's tooling and the book use)
   */
  readonly name?: string;
  /**
   * Namespace of the broker.
   * @default the enclosing SecureNamespace
   */
  readonly namespace?: string;
  /**
   * Broker implementation (`eventing.knative.dev/broker.class`).
   * @default "MTChannelBasedBroker", the channel-based broker of Knative Eventing
   */
  readonly brokerClass?: string;
  /**
   * The channel configuration (which channel kind backs the broker).
   * @default the cluster default (ConfigMap config-br-default-channel in knative-eventing)
   */
  readonly channelConfig?: BrokerChannelConfig;
  /**
   * Retries and dead-letter sink for every Trigger of the broker (a Trigger can override them).
   * @default 3 retries, exponential backoff from 0.2 s, no dead-letter sink
   */
  readonly delivery?: DeliveryOptions;
}

/** Options of {@link KnativeBroker.subscribe}. */
export interface SubscribeOptions {
  /**
   * Name of the Trigger.
   * @default "<broker>-to-<subscriber>"
   */
  readonly name?: string;
  /**
   * Retries and dead-letter sink for this subscriber.
   * @default the broker's
   */
  readonly delivery?: DeliveryOptions;
}

const PROPS = propNames<KnativeBrokerProps>()({ name: true, namespace: true, brokerClass: true, channelConfig: true, delivery: true });
const CHANNEL_PROPS = propNames<BrokerChannelConfig>()({ name: true, namespace: true });

/**
 * An `eventing.knative.dev/v1` Broker: an event hub in one namespace. Producers POST CloudEvents to its address;
 * Triggers ({@link subscribe}) deliver the matching ones to subscribers, retrying as {@link KnativeBrokerProps.delivery} says.
 */
export class KnativeBroker extends NamespacedResource implements IEventSink {
  public constructor(scope: Construct, id: string, props: KnativeBrokerProps = {}) {
    // Named "default" unless told otherwise, not after the construct id.
    super(scope, id, isObject(props) ? { ...props, name: props.name ?? 'default' } : props, { props: PROPS });
    const v = this.validator;
    requireProps(v, props, false);
    const p = props ?? {};
    const brokerClass = p.brokerClass ?? 'MTChannelBasedBroker';
    text(v, 'brokerClass', brokerClass, /^[A-Za-z][A-Za-z0-9]{0,62}$/, 'a broker class such as "MTChannelBasedBroker" or "Kafka"');
    if (objectProp(v, 'channelConfig', p.channelConfig, 'an object: { name, namespace } of the ConfigMap') && v.knownProps('channelConfig', p.channelConfig, CHANNEL_PROPS)) {
      v.format('channelConfig.name', p.channelConfig.name, OBJECT_NAME, true);
      v.format('channelConfig.namespace', p.channelConfig.namespace, DNS_LABEL, true);
    }
    validateDelivery(v, 'delivery', p.delivery, this.namespace);
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        annotations: { 'eventing.knative.dev/broker.class': brokerClass },
      },
      spec: {
        config: p.channelConfig ? { apiVersion: 'v1', kind: 'ConfigMap', name: p.channelConfig.name, namespace: p.channelConfig.namespace } : undefined,
        delivery: renderDelivery(p.delivery ?? {}),
      },
    });
  }

  /** How Triggers and sources refer to the broker. */
  public get eventReference(): EventReference {
    return { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: this.name, namespace: this.namespace };
  }

  /** The address producers POST CloudEvents to, inside the cluster. */
  public get ingressUrl(): string {
    return `http://broker-ingress.knative-eventing.svc.cluster.local/${this.namespace}/${this.name}`;
  }

  /**
   * Delivers the broker's events whose CloudEvents attributes match `filter` (e.g. `{ type: 'myeventtype' }`)
   * to `subscriber`, through a new Trigger.
   */
  public subscribe(subscriber: EventTarget, filter: Record<string, string> = {}, options: SubscribeOptions = {}): KnativeTrigger {
    const v = PropsValidator.of(this);
    const opts: SubscribeOptions = isObject(options) ? options : {};
    if (objectProp(v, 'subscribe(options)', options, 'an object of options ({ name, delivery })', true)) {
      v.knownProps('subscribe(options)', options, SUBSCRIBE_PROPS);
    }
    objectProp(v, 'subscribe(filter)', filter, 'an object of CloudEvents attributes to match, e.g. { type: "myeventtype" }', true);
    const valid = subscriber !== undefined && subscriber !== null;
    v.check(valid, 'subscribe(subscriber)', subscriber, 'a KnativeService, a KnativeBroker or an EventDestination');
    const name = opts.name ?? `${this.name}-to-${valid ? toDestination(subscriber).displayName : 'subscriber'}`;
    if (v.format('subscribe(options).name', name, OBJECT_NAME)) {
      v.check(this.node.tryFindChild(name) === undefined, 'subscribe(options).name', name, 'a Trigger name not yet used on this broker (pass options.name)');
    }
    v.throwIfInvalid();
    // The Trigger's problems are the arguments' problems: report them at the broker, under the argument's name.
    return reportUnder(this, name, (f) => subscribeField(f), () => new KnativeTrigger(this, name, {
      name, namespace: this.namespace, broker: this, filter, subscriber, delivery: opts.delivery,
    }));
  }
}

const SUBSCRIBE_PROPS = propNames<SubscribeOptions>()({ name: true, delivery: true });

/** The argument of {@link KnativeBroker.subscribe} that a field of the Trigger it creates comes from. */
function subscribeField(field: string): string {
  const [head, ...rest] = field.split(/(?=[.[ ])/);
  const tail = rest.join('');
  switch (head) {
    case 'filter': return `subscribe(filter)${tail}`;
    case 'subscriber': return `subscribe(subscriber)${tail}`;
    case 'delivery': return `subscribe(options).delivery${tail}`;
    case 'name': return `subscribe(options).name${tail}`;
    default: return `subscribe: ${field}`;
  }
}

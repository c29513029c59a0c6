import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';
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
    super(scope, id, { ...props, name: props.name ?? 'default' }, { props: PROPS });
    const v = this.validator;
    const brokerClass = props.brokerClass ?? 'MTChannelBasedBroker';
    v.check(/^[A-Za-z][A-Za-z0-9]*$/.test(brokerClass), 'brokerClass', brokerClass, 'a broker class such as "MTChannelBasedBroker" or "Kafka"');
    if (props.channelConfig) {
      v.knownProps('channelConfig', props.channelConfig, CHANNEL_PROPS);
      v.format('channelConfig.name', props.channelConfig.name, OBJECT_NAME, true);
      v.format('channelConfig.namespace', props.channelConfig.namespace, DNS_LABEL, true);
    }
    validateDelivery(v, 'delivery', props.delivery, this.namespace);
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
        config: props.channelConfig ? { apiVersion: 'v1', kind: 'ConfigMap', ...props.channelConfig } : undefined,
        delivery: renderDelivery(props.delivery ?? {}),
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
    const name = options.name ?? `${this.name}-to-${toDestination(subscriber).displayName}`;
    const v = PropsValidator.of(this);
    v.check(this.node.tryFindChild(name) === undefined, 'subscribe', name, 'a Trigger name not yet used on this broker (pass options.name)');
    v.throwIfInvalid();
    return new KnativeTrigger(this, name, { name, namespace: this.namespace, broker: this, filter, subscriber, delivery: options.delivery });
  }
}

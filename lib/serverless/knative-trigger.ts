import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { namespaceWithin } from '../core/namespace-scope';
import { NamespacedResource, RESOURCE_ID, propNames } from '../core/resource';
import { isObject, requireProps } from '../core/validator';
import { objectProp } from './checks';
import { DeliveryOptions, EventTarget, renderDelivery, toDestination, validateDelivery, validateEventTarget } from './event-destination';
import type { KnativeBroker } from './knative-broker';

/** Props of a {@link KnativeTrigger}. */
export interface KnativeTriggerProps {
  /**
   * Name of the Trigger.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Trigger; it must be the broker's.
   * @default the enclosing SecureNamespace, else the broker's namespace
   */
  readonly namespace?: string;
  /** The broker whose events it filters. */
  readonly broker: KnativeBroker;
  /**
   * CloudEvents attributes an event must have, by exact match, e.g. `{ type: 'myeventtype' }`.
   * @default every event of the broker
   */
  readonly filter?: Record<string, string>;
  /** Where matching events go: a KnativeService, a core Service, a broker or a URL. */
  readonly subscriber: EventTarget;
  /**
   * Retries and dead-letter sink for this subscriber.
   * @default the broker's delivery settings
   */
  readonly delivery?: DeliveryOptions;
}

/**
 * CloudEvents attribute names: lowercase letters a-z and digits only (Knative's Trigger webhook refuses anything
 * else), and at most 20 characters, the length the CloudEvents 1.0 specification tells producers to keep to.
 */
const CE_ATTRIBUTE = /^[a-z0-9]{1,20}$/;
const PROPS = propNames<KnativeTriggerProps>()({ name: true, namespace: true, broker: true, filter: true, subscriber: true, delivery: true });

/**
 * An `eventing.knative.dev/v1` Trigger: delivers the events of a broker that match an attribute filter to a
 * subscriber. The broker and subscriber are objects, so their references are right by construction; usually
 * created through {@link KnativeBroker.subscribe}.
 */
export class KnativeTrigger extends NamespacedResource {
  public constructor(scope: Construct, id: string, props: KnativeTriggerProps) {
    // Outside a SecureNamespace, the Trigger goes to its broker's namespace.
    super(scope, id, isObject(props) ? { ...props, namespace: props.namespace ?? namespaceWithin(scope) ?? brokerNamespace(props.broker) } : props,
      { props: PROPS });
    const v = this.validator;
    requireProps(v, props);
    if (v.check(isBroker(props.broker), 'broker', props.broker, 'a KnativeBroker')) {
      v.check(props.broker.namespace === this.namespace, 'broker', `${props.broker.namespace}/${props.broker.name}`,
        `a broker in the Trigger's namespace "${this.namespace}" (a Trigger only sees brokers of its own namespace)`);
    }
    if (objectProp(v, 'filter', props.filter, 'an object of CloudEvents attributes to match, e.g. { type: "myeventtype" }')) {
      for (const [key, value] of Object.entries(props.filter)) {
        v.check(CE_ATTRIBUTE.test(key), 'filter key', key, 'a CloudEvents attribute name: 1-20 lowercase letters or digits (e.g. "type", "source")');
        v.check(typeof value === 'string' && value.length > 0, `filter.${key}`, value, 'a non-empty string (exact match)');
      }
    }
    validateEventTarget(v, 'subscriber', props.subscriber, this.namespace);
    validateDelivery(v, 'delivery', props.delivery, this.namespace);
    v.throwIfInvalid();

    const filter = props.filter && Object.keys(props.filter).length > 0 ? { attributes: { ...props.filter } } : undefined;
    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        broker: props.broker.name,
        filter,
        subscriber: toDestination(props.subscriber)._render(),
        delivery: props.delivery ? renderDelivery(props.delivery) : undefined,
      },
    });
  }
}

/** Whether `x` is a KnativeBroker (checked by shape: the broker module imports this one). */
function isBroker(x: unknown): x is KnativeBroker {
  return isObject(x) && typeof x.name === 'string' && typeof x.namespace === 'string' && isObject(x.eventReference) && x.eventReference.kind === 'Broker';
}

function brokerNamespace(broker: unknown): string | undefined {
  return isBroker(broker) ? broker.namespace : undefined;
}

import { DNS_LABEL, OBJECT_NAME } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator } from '../core/validator';

/** A reference to an object that can receive CloudEvents (a Knative "Addressable"), as Knative writes it in `ref`. */
export interface EventReference {
  /** API version of the object, e.g. "serving.knative.dev/v1". */
  readonly apiVersion: string;
  /** Kind of the object, e.g. "Service". */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /** Namespace of the object. */
  readonly namespace: string;
}

/** An object of this library that can receive events: a KnativeService or a KnativeBroker. */
export interface IEventSink {
  /** The reference a Trigger or source writes to deliver to it. */
  readonly eventReference: EventReference;
}

/** Options of {@link EventDestination.of} and {@link EventDestination.kubernetesService}. */
export interface EventDestinationOptions {
  /**
   * Path appended to the object's address, e.g. "/events".
   * @default the object's address as is
   */
  readonly path?: string;
}

type Target =
  | { readonly kind: 'ref'; readonly ref: EventReference; readonly path?: string }
  | { readonly kind: 'uri'; readonly uri: string };

const ABSOLUTE_HTTP_URL = /^https?:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?(\/[^\s]*)?$/;
const RELATIVE_PATH = /^\/[^\s]*$/;

/**
 * Where events go: an object (by reference, so Knative resolves its address) or a fixed URL. Built from objects,
 * never from strings, so a reference always has the right apiVersion, kind, name and namespace.
 */
export class EventDestination {
  /** A KnativeService or KnativeBroker of this app. */
  public static of(sink: IEventSink, options: EventDestinationOptions = {}): EventDestination {
    return new EventDestination({ kind: 'ref', ref: sink.eventReference, path: options.path });
  }

  /** A core `v1` Service, e.g. a WebService's (the book's consumer was a Deployment behind one). */
  public static kubernetesService(service: { readonly name: string; readonly namespace: string }, options: EventDestinationOptions = {}): EventDestination {
    return new EventDestination({ kind: 'ref', ref: { apiVersion: 'v1', kind: 'Service', name: service.name, namespace: service.namespace }, path: options.path });
  }

  /** A fixed absolute http(s) URL, for a receiver outside the cluster's objects. */
  public static uri(uri: string): EventDestination {
    return new EventDestination({ kind: 'uri', uri });
  }

  private constructor(private readonly target: Target) {}

  /** The referenced object, or undefined for a URL. */
  public get reference(): EventReference | undefined {
    return this.target.kind === 'ref' ? this.target.ref : undefined;
  }

  /** A short name for generated object names: the object's name, or "uri". */
  public get displayName(): string {
    return this.target.kind === 'ref' ? this.target.ref.name : 'uri';
  }

  /**
   * Checks the destination of an object in `namespace` (Knative refuses references to other namespaces unless
   * the cross-namespace-event-links feature is on).
   * @internal
   */
  public _validate(v: PropsValidator, field: string, namespace: string): void {
    const t = this.target;
    if (t.kind === 'uri') {
      v.check(typeof t.uri === 'string' && ABSOLUTE_HTTP_URL.test(t.uri), `${field}.uri`, t.uri, 'an absolute http:// or https:// URL');
      return;
    }
    v.format(`${field}.ref.name`, t.ref.name, OBJECT_NAME, true);
    v.format(`${field}.ref.namespace`, t.ref.namespace, DNS_LABEL, true);
    v.check(t.ref.namespace === namespace, `${field}.ref.namespace`, t.ref.namespace,
      `namespace "${namespace}", the namespace of the object that delivers to it (Knative refuses cross-namespace references by default)`);
    if (t.path !== undefined) {
      v.check(RELATIVE_PATH.test(t.path), `${field}.path`, t.path, 'a path starting with "/"');
    }
  }

  /** The `Destination` object of the Knative APIs. @internal */
  public _render(): { ref?: EventReference; uri?: string } {
    const t = this.target;
    return t.kind === 'uri' ? { uri: t.uri } : { ref: { ...t.ref }, uri: t.path };
  }
}

/** What can be given where events are delivered: an object of this library, or an {@link EventDestination}. */
export type EventTarget = IEventSink | EventDestination;

/** Checks a required target given as `field` of an object in `namespace`. */
export function validateEventTarget(v: PropsValidator, field: string, target: EventTarget | undefined, namespace: string): void {
  if (v.check(target !== undefined, field, target, 'a KnativeService, a KnativeBroker or an EventDestination')) {
    toDestination(target!)._validate(v, field, namespace);
  }
}

/** The destination of a target. */
export function toDestination(target: EventTarget): EventDestination {
  return target instanceof EventDestination ? target : EventDestination.of(target);
}

/** How delivery of an event is retried, and where it goes when every attempt failed. */
export interface DeliveryOptions {
  /**
   * Retries after the first failed attempt.
   * @default 3
   */
  readonly retry?: number;
  /**
   * How the wait grows between retries.
   * @default "exponential"
   */
  readonly backoffPolicy?: 'linear' | 'exponential';
  /**
   * The base wait, as an ISO 8601 duration such as "PT0.5S" or "PT2S".
   * @default "PT0.2S"
   */
  readonly backoffDelay?: string;
  /**
   * Where events go once every retry failed.
   * @default none: such events are dropped (and logged by the sender)
   */
  readonly deadLetterSink?: EventTarget;
}

/** The props of {@link DeliveryOptions}, to refuse unknown ones. */
const DELIVERY_PROPS = propNames<DeliveryOptions>()({ retry: true, backoffPolicy: true, backoffDelay: true, deadLetterSink: true });

/** An ISO 8601 duration as Knative parses it, e.g. "PT0.2S", "PT1M", "P1D". */
export const ISO8601_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/** Checks delivery options of an object in `namespace`. */
export function validateDelivery(v: PropsValidator, field: string, d: DeliveryOptions | undefined, namespace: string): void {
  if (!d) {
    return;
  }
  v.knownProps(field, d, DELIVERY_PROPS);
  v.integer(`${field}.retry`, d.retry, 0, 100);
  v.check(d.backoffPolicy === undefined || ['linear', 'exponential'].includes(d.backoffPolicy), `${field}.backoffPolicy`, d.backoffPolicy,
    '"linear" or "exponential"');
  if (d.backoffDelay !== undefined) {
    v.check(ISO8601_DURATION.test(d.backoffDelay), `${field}.backoffDelay`, d.backoffDelay, 'an ISO 8601 duration such as "PT0.5S" or "PT2S"');
  }
  if (d.deadLetterSink) {
    toDestination(d.deadLetterSink)._validate(v, `${field}.deadLetterSink`, namespace);
  }
}

/** Renders delivery options with their defaults filled in. */
export function renderDelivery(d: DeliveryOptions): Record<string, unknown> {
  return {
    retry: d.retry ?? 3,
    backoffPolicy: d.backoffPolicy ?? 'exponential',
    backoffDelay: d.backoffDelay ?? 'PT0.2S',
    deadLetterSink: d.deadLetterSink ? toDestination(d.deadLetterSink)._render() : undefined,
  };
}

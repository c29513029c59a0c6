import { API_VERSION, DNS_1035_LABEL, DNS_LABEL, KIND, OBJECT_NAME } from '../core/formats';
import { propNames } from '../core/resource';
import { PropsValidator, isObject } from '../core/validator';
import { objectProp, text } from './checks';

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

// What the factories were given, kept as is: a JavaScript caller can pass anything, and the object that delivers
// to the destination checks it and reports it under the prop the user wrote (`sink.uri`, `subscriber.ref.name`).
type Target =
  | { readonly kind: 'sink'; readonly sink: unknown; readonly options: unknown }
  | { readonly kind: 'service'; readonly service: unknown; readonly options: unknown }
  | { readonly kind: 'uri'; readonly uri: unknown };

/**
 * An absolute http(s) URL as Knative's Destination takes it: a lowercase host name or IPv4 address, an optional
 * port, then an optional path, query or fragment of printable ASCII characters.
 */
const ABSOLUTE_HTTP_URL = /^https?:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?([/?#][!-~]*)?$/;
/**
 * A path that Knative appends to the address of a referenced object. "//host/x" is refused: Go reads it as a
 * network-path reference, which sends the events to another host.
 */
const RELATIVE_PATH = /^\/(?!\/)[!-~]*$/;
const OPTIONS_PROPS = propNames<EventDestinationOptions>()({ path: true });
const REFERENCE_PROPS = propNames<EventReference>()({ apiVersion: true, kind: true, name: true, namespace: true });

/**
 * Where events go: an object (by reference, so Knative resolves its address) or a fixed URL. Built from objects,
 * never from strings, so a reference always has the right apiVersion, kind, name and namespace. What the factories
 * are given is checked by the object that delivers to the destination, and reported under its prop.
 */
export class EventDestination {
  /** A KnativeService or KnativeBroker of this app. */
  public static of(sink: IEventSink, options: EventDestinationOptions = {}): EventDestination {
    return new EventDestination({ kind: 'sink', sink, options });
  }

  /** A core `v1` Service, e.g. a WebService's (the book's consumer was a Deployment behind one). */
  public static kubernetesService(service: { readonly name: string; readonly namespace: string }, options: EventDestinationOptions = {}): EventDestination {
    return new EventDestination({ kind: 'service', service, options });
  }

  /** A fixed absolute http(s) URL, for a receiver outside the cluster's objects. */
  public static uri(uri: string): EventDestination {
    return new EventDestination({ kind: 'uri', uri });
  }

  private constructor(private readonly target: Target) {}

  /** The referenced object, or undefined for a URL (or for a reference that is not valid). */
  public get reference(): EventReference | undefined {
    const t = this.target;
    if (t.kind === 'sink') {
      const ref = isObject(t.sink) ? (t.sink as { eventReference?: unknown }).eventReference : undefined;
      return isObject(ref) ? ref as EventReference : undefined;
    }
    if (t.kind === 'service' && isObject(t.service)) {
      const { name, namespace } = t.service as { name: string; namespace: string };
      return { apiVersion: 'v1', kind: 'Service', name, namespace };
    }
    return undefined;
  }

  /** A short name for generated object names: the object's name, or "uri". */
  public get displayName(): string {
    const name = this.reference?.name;
    return typeof name === 'string' ? name : 'uri';
  }

  /**
   * Checks the destination of an object in `namespace` (Knative refuses references to other namespaces unless
   * the cross-namespace-event-links feature is on).
   * @internal
   */
  public _validate(v: PropsValidator, field: string, namespace: string): void {
    const t = this.target;
    if (t.kind === 'uri') {
      v.check(typeof t.uri === 'string' && ABSOLUTE_HTTP_URL.test(t.uri), `${field}.uri`, t.uri,
        'an absolute http:// or https:// URL with a lowercase host, e.g. "https://example.com/events"');
      return;
    }
    if (t.kind === 'sink') {
      if (!v.check(isObject(t.sink) && isObject((t.sink as { eventReference?: unknown }).eventReference), field, t.sink,
        'a KnativeService, a KnativeBroker or another object with an eventReference')) {
        return;
      }
      const ref = (t.sink as IEventSink).eventReference;
      v.knownProps(`${field}.ref`, ref, REFERENCE_PROPS);
      v.format(`${field}.ref.apiVersion`, ref.apiVersion, API_VERSION, true);
      v.format(`${field}.ref.kind`, ref.kind, KIND, true);
    } else if (!v.check(isObject(t.service), field, t.service, 'a Service: an object with the name and namespace of a core v1 Service')) {
      return;
    }
    const ref = this.reference!;
    // A core Service is named by a DNS-1035 label; other addressables by an object name.
    v.format(`${field}.ref.name`, ref.name, t.kind === 'service' ? DNS_1035_LABEL : OBJECT_NAME, true);
    if (v.format(`${field}.ref.namespace`, ref.namespace, DNS_LABEL, true)) {
      v.check(ref.namespace === namespace, `${field}.ref.namespace`, ref.namespace,
        `namespace "${namespace}", the namespace of the object that delivers to it (Knative refuses cross-namespace references by default)`);
    }
    if (objectProp(v, `${field}.options`, t.options, 'an object of options ({ path })') && v.knownProps(`${field}.options`, t.options, OPTIONS_PROPS)) {
      const path = (t.options as EventDestinationOptions).path;
      text(v, `${field}.path`, path, RELATIVE_PATH, 'a path of printable ASCII characters starting with a single "/", e.g. "/events"');
    }
  }

  /** The `Destination` object of the Knative APIs. @internal */
  public _render(): { ref?: EventReference; uri?: string } {
    const t = this.target;
    if (t.kind === 'uri') {
      return { uri: t.uri as string };
    }
    const { apiVersion, kind, name, namespace } = this.reference!;
    return { ref: { apiVersion, kind, name, namespace }, uri: (t.options as EventDestinationOptions | undefined)?.path };
  }
}

/** What can be given where events are delivered: an object of this library, or an {@link EventDestination}. */
export type EventTarget = IEventSink | EventDestination;

/** Checks a required target given as `field` of an object in `namespace`. */
export function validateEventTarget(v: PropsValidator, field: string, target: EventTarget | undefined, namespace: string): void {
  if (v.check(target !== undefined && target !== null, field, target, 'a KnativeService, a KnativeBroker or an EventDestination')) {
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
  if (!objectProp(v, field, d, 'an object of delivery options (retry, backoffPolicy, backoffDelay, deadLetterSink)') || !v.knownProps(field, d, DELIVERY_PROPS)) {
    return;
  }
  v.integer(`${field}.retry`, d.retry, 0, 100);
  v.check(d.backoffPolicy === undefined || ['linear', 'exponential'].includes(d.backoffPolicy), `${field}.backoffPolicy`, d.backoffPolicy,
    '"linear" or "exponential"');
  text(v, `${field}.backoffDelay`, d.backoffDelay, ISO8601_DURATION, 'an ISO 8601 duration such as "PT0.5S" or "PT2S"');
  if (d.deadLetterSink !== undefined) {
    validateEventTarget(v, `${field}.deadLetterSink`, d.deadLetterSink, namespace);
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

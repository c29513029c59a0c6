import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Resource, RESOURCE_ID, propNames } from '../core/resource';
import { GatewayController } from './gateway-controller';

/** Props of a {@link GatewayClass}. */
export interface GatewayClassProps {
  /**
   * The implementation that takes Gateways of this class: gives the class name (its `className`, e.g. "eg"; use
   * `controller.withClassName(...)` for another) and the controllerName.
   */
  readonly controller: GatewayController;
  /**
   * Labels of the GatewayClass.
   * @default none
   */
  readonly labels?: Record<string, string>;
  /**
   * What the class is for (at most 64 characters).
   * @default none
   */
  readonly description?: string;
}

const PROPS = propNames<GatewayClassProps>()({ labels: true, controller: true, description: true });

/**
 * A Gateway API `gateway.networking.k8s.io/v1` GatewayClass (cluster-scoped): binds a class name to the controller of
 * an implementation. Istio and NGINX Gateway Fabric create theirs; Envoy Gateway's "eg" is created by you.
 */
export class GatewayClass extends Resource {
  /** The controller of the class. */
  public readonly controller: GatewayController;

  public constructor(scope: Construct, id: string, props: GatewayClassProps) {
    const controller = props?.controller;
    const valid = controller instanceof GatewayController;
    // The name comes from the controller, so that Gateways (which name the class through it) always match.
    super(scope, id, { ...props, name: valid ? controller.className : id } as GatewayClassProps, { props: [...PROPS, 'name'] });
    this.controller = controller;
    const v = this.validator;
    v.check(valid, 'controller', controller, 'a GatewayController, e.g. GatewayController.ENVOY_GATEWAY or GatewayController.of({...})');
    v.check(props?.description === undefined || (typeof props.description === 'string' && props.description.length <= 64), 'description', props?.description,
      'a description of at most 64 characters');
    const given = (props as { name?: unknown } | undefined)?.name;
    v.check(given === undefined, 'name', given, 'no name: the class is named after controller.className (use controller.withClassName("...") for another name)');
    v.throwIfInvalid();

    new ApiObject(this, RESOURCE_ID, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: this.name, labels: props.labels },
      spec: { controllerName: controller.controllerName, description: props.description },
    });
  }
}

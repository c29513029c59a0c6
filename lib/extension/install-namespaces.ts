import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { addLateValidation } from '../core/validator';

/**
 * Reports, under the prop the user wrote, a Namespace that an install creates (`name`, from `field`) and that another
 * construct of the app defines too: without it the synth would fail on the duplicate object, named by the install's
 * internal child path. Checked once the tree is complete, so the other construct may come before or after.
 */
export function namespaceOwnedByInstall(install: IConstruct, field: string, name: string): void {
  addLateValidation(install, (v) => {
    const other = install.node.root.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Namespace' && c.name === name
      && !c.node.scopes.includes(install));
    v.check(other === undefined, field, name,
      `a namespace no other construct of the app defines (${other?.node.path} does): the install creates it with the Pod Security level and policies it needs`);
  });
}

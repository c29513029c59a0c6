// The props checks and the resource shared by the EKS add-ons keelson declares (not exported from keelson/aws).
import { Construct } from 'constructs';
import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { propNames } from '../../core/resource';
import { PropsValidator } from '../../core/validator';
import { EKS_ADDON_VERSION } from '../aws-formats';
import { EksCluster } from '../eks-cluster';
import { ManagedNodeGroup } from '../managed-node-group';
import { checkList, checkUniqueName, claimName, describedConstruct, readProps, terraformString } from '../prop-checks';
import type { EksAddonProps } from './metrics-server';

const PROPS = propNames<EksAddonProps>()({ cluster: true, version: true, nodeGroups: true });

/** Checks the props of an EKS add-on; returns them. */
export function checkEksAddonProps(scope: Construct, v: PropsValidator, props: EksAddonProps, addonName: string): Partial<EksAddonProps> {
  const p = readProps(v, props, PROPS);
  if (v.check(p.cluster instanceof EksCluster, 'cluster', describedConstruct(p.cluster), 'an EksCluster of this app')) {
    checkUniqueName(scope, v, 'cloud add-ons', `${p.cluster!.name}/${addonName}`, 'cluster', describedConstruct(p.cluster),
      `a cluster that has no ${addonName} add-on yet (one per cluster)`);
  }
  if (p.version !== undefined) {
    terraformString(v, 'version', p.version, EKS_ADDON_VERSION);
  }
  checkList(v, 'nodeGroups', p.nodeGroups, false, 'a list of ManagedNodeGroups of the cluster',
    (f, g) => v.check(g instanceof ManagedNodeGroup, f, describedConstruct(g), 'a ManagedNodeGroup of the cluster'));
  return p;
}

/** Creates an EKS add-on, after `dependsOn` and the node groups. */
export function eksAddon(scope: Construct, p: Partial<EksAddonProps>, addonName: string, extra: { dependsOn?: ITerraformDependable[] } = {}): EksAddon {
  claimName(scope, 'cloud add-ons', `${p.cluster!.name}/${addonName}`);
  // As EksCluster's add-ons: EKS's default version for the cluster's Kubernetes version (it moves only with that
  // version, so a plan without a code change upgrades nothing), or the pinned one.
  const version = p.version ?? new DataAwsEksAddonVersion(scope, 'version', {
    addonName, kubernetesVersion: p.cluster!.version, mostRecent: false,
  }).version;
  return new EksAddon(scope, 'addon', {
    clusterName: p.cluster!.clusterName,
    addonName,
    addonVersion: version,
    resolveConflictsOnCreate: 'NONE',
    resolveConflictsOnUpdate: 'OVERWRITE',
    // Deleting the resource leaves the software running (terraform-aws-eks v21's default).
    preserve: true,
    dependsOn: [...(extra.dependsOn ?? []), ...(p.nodeGroups ?? []).map((g) => g.nodeGroup)],
  });
}


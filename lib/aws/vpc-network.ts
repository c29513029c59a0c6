import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { propNames } from '../core/resource';
import { AcceptedRisk } from '../core/risk';
import { PropsValidator, isObject } from '../core/validator';
import { AWS_NAME, IPV4_CIDR, TERRAFORM_NAME } from './aws-formats';
import { suppressCheckov } from './checkov';
import { checkList, checkTags, checkUniqueName, claimName, readProps, regionOf, stackOf, terraformScope } from './prop-checks';
import { VpcFlowLog, VpcFlowLogOptions, checkFlowLogOptions } from './vpc-flow-log';
import { Ipv4Block, contains, formatIpv4Cidr, overlaps, parseIpv4Cidr, subBlock } from '../core/cidr';

export type { VpcFlowLogOptions } from './vpc-flow-log';

/** How private subnets reach the internet (image pulls, AWS APIs). */
export type NatMode = 'per-az' | 'single';

/** Props of a {@link VpcNetwork}. */
export interface VpcNetworkProps {
  /**
   * Name prefix of the network's resources (their Name tags).
   * @default the construct id
   */
  readonly name?: string;
  /**
   * IPv4 range of the VPC.
   * @default "10.0.0.0/16"
   */
  readonly cidr?: string;
  /**
   * Number of availability zones to span, 2 to 6.
   * @default 3
   */
  readonly azCount?: number;
  /**
   * Availability zone names, e.g. ["us-west-2a", "us-west-2b", "us-west-2c"]; their number sets azCount.
   * @default the first azCount available zones of the region
   */
  readonly availabilityZones?: string[];
  /**
   * CIDRs of the private subnets (nodes and pods), one per zone, each at least a /24.
   * @default consecutive blocks of 1/8 of the VPC at its start (/19s in a /16)
   */
  readonly privateSubnetCidrs?: string[];
  /**
   * CIDRs of the public subnets (load balancers and NAT gateways), one per zone, each at least a /27.
   * @default /24s (at most /27s) in the first block after the private subnets
   */
  readonly publicSubnetCidrs?: string[];
  /**
   * NAT gateways: one per zone (a zone outage does not cut the others off) or one shared (cheaper).
   * @default "per-az"
   */
  readonly natGateways?: NatMode;
  /**
   * The VPC flow log: every flow (traffic type ALL), encrypted with its own KMS key, to a CloudWatch Logs group or
   * (`destination: "s3"`) a private bucket.
   * @default on, to CloudWatch Logs, records kept 365 days, aggregated over at most 600 seconds
   */
  readonly flowLogs?: VpcFlowLogOptions;
  /**
   * Leaves the flow log out, with the reason (recorded as a Checkov CKV2_AWS_11 skip on the VPC); required to do so.
   * @default none: the VPC has a flow log
   */
  readonly withoutFlowLogs?: AcceptedRisk;
  /**
   * Prefix of the Terraform outputs for other stacks: `<prefix>_id`, `_cidr_block`, `_private_subnet_ids`,
   * `_public_subnet_ids`, `_nat_public_ips`, and `_flow_log_group_name` (or `_flow_log_bucket_name` for an S3 flow log)
   * with a flow log.
   * @default "vpc"
   */
  readonly outputPrefix?: string;
}

const PROPS = propNames<VpcNetworkProps>()({
  name: true, cidr: true, azCount: true, availabilityZones: true, privateSubnetCidrs: true, publicSubnetCidrs: true, natGateways: true,
  flowLogs: true, withoutFlowLogs: true, outputPrefix: true,
});
/** The suffixes of the network's Terraform outputs. */
const OUTPUTS = ['id', 'cidr_block', 'private_subnet_ids', 'public_subnet_ids', 'nat_public_ips'];
/** A prefix of Terraform output names. */
const OUTPUT_PREFIX = { ...TERRAFORM_NAME, description: 'a Terraform output name prefix of at most 64 lowercase letters, digits and "_", starting with a letter' };

/** The default subnet layout of a VPC, or undefined when the VPC is too small for it. */
function defaultLayout(vpc: Ipv4Block, azCount: number): { private: string[]; public: string[] } | undefined {
  const privatePrefix = vpc.prefix + 3;
  if (privatePrefix > 24) {
    return undefined;
  }
  const publicPrefix = Math.min(privatePrefix + 5, 27);
  const free = subBlock(vpc, privatePrefix, azCount)!;
  const range = (n: number, f: (i: number) => Ipv4Block | undefined) => Array.from({ length: n }, (_, i) => formatIpv4Cidr(f(i)!));
  return {
    private: range(azCount, (i) => subBlock(vpc, privatePrefix, i)),
    public: range(azCount, (i) => subBlock(free, publicPrefix, i)),
  };
}

/**
 * A VPC for EKS across 2 to 6 availability zones: private subnets for nodes and pods (tagged for internal load
 * balancers), public subnets for internet-facing load balancers and NAT (tagged for public load balancers, no
 * automatic public IPs), an internet gateway, NAT per zone or shared, a default security group that allows
 * nothing, a flow log of all traffic to an encrypted CloudWatch Logs group, and Terraform outputs of its ids for
 * other stacks. Subnet CIDRs are computed at synth time and checked for size and overlap.
 */
export class VpcNetwork extends Construct {
  /** The VPC. */
  public readonly vpc: Vpc;
  /** The VPC's CIDR. */
  public readonly cidr: string;
  /** Private subnets, one per zone. */
  public readonly privateSubnets: Subnet[] = [];
  /** Public subnets, one per zone. */
  public readonly publicSubnets: Subnet[] = [];
  /** CIDRs of the private subnets. */
  public readonly privateSubnetCidrs: readonly string[];
  /** CIDRs of the public subnets. */
  public readonly publicSubnetCidrs: readonly string[];
  /** The VPC's flow log, unless left out with `withoutFlowLogs`. */
  public readonly flowLog?: FlowLog;
  /** The CloudWatch Logs group of the flow log (destination "cloudwatch", the default). */
  public readonly flowLogGroup?: CloudwatchLogGroup;
  /** The bucket of the flow log (destination "s3"). */
  public readonly flowLogBucket?: S3Bucket;

  public constructor(scope: Construct, id: string, props: VpcNetworkProps = {}) {
    super(terraformScope(scope, id), id);
    const v = PropsValidator.of(this);
    const p = readProps(v, props, PROPS);
    const name = p.name ?? id;
    this.cidr = p.cidr ?? '10.0.0.0/16';
    const zones = checkList(v, 'availabilityZones', p.availabilityZones, false, 'a list of availability zone names such as ["us-west-2a", "us-west-2b"]') as string[] | undefined;
    const azCount = zones?.length ?? p.azCount ?? 3;
    const nat = p.natGateways ?? 'per-az';

    v.format('name', name, AWS_NAME, true);
    const vpcBlock = v.format('cidr', this.cidr, IPV4_CIDR, true) ? parseIpv4Cidr(this.cidr)! : undefined;
    if (vpcBlock) {
      v.check(vpcBlock.prefix >= 16 && vpcBlock.prefix <= 24, 'cidr', this.cidr, 'a VPC CIDR from /16 to /24 (the sizes AWS allows)');
    }
    v.check(p.azCount === undefined || zones === undefined || p.azCount === zones.length, 'azCount', p.azCount,
      `the number of availabilityZones (${zones?.length}) or no azCount`);
    v.integer(zones ? 'availabilityZones.length' : 'azCount', azCount, 2, 6);
    // A zone is its region's name and a letter (us-west-2a), or a Local Zone (us-west-2-lax-1a); subnets can only be
    // created in zones of the stack's region.
    const region = regionOf(this);
    zones?.forEach((z, i) => {
      if (v.check(typeof z === 'string' && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d(-[a-z]+-\d+)?[a-z]$/.test(z), `availabilityZones[${i}]`, z, 'a zone name such as "us-west-2a"')
        && region !== undefined) {
        v.check(z.slice(0, region.length) === region && /^(-[a-z]+-\d+)?[a-z]$/.test(z.slice(region.length)), `availabilityZones[${i}]`, z,
          `a zone of the stack's region ${region}, such as "${region}a"`);
      }
    });
    v.unique('availabilityZones', zones ?? [], (z) => String(z), 'a zone');
    v.check(nat === 'per-az' || nat === 'single', 'natGateways', nat, '"per-az" or "single"');
    const flowLogs = checkFlowLogOptions(v, 'flowLogs', p.flowLogs);
    if (v.risk('withoutFlowLogs', p.withoutFlowLogs, 'the VPC may have no flow log (Checkov CKV2_AWS_11 asks for one)')) {
      v.check(p.withoutFlowLogs === undefined || p.flowLogs === undefined, 'flowLogs', p.flowLogs,
        'no flowLogs options together with withoutFlowLogs (the VPC has no flow log to configure)');
    }
    const outputPrefix = p.outputPrefix ?? 'vpc';
    const flowLogOutput = p.withoutFlowLogs !== undefined ? [] : [flowLogs.destination === 's3' ? 'flow_log_bucket_name' : 'flow_log_group_name'];
    const outputs = [...OUTPUTS, ...flowLogOutput].map((o) => `${String(outputPrefix)}_${o}`);
    const outputRegistry = `Terraform outputs of ${stackOf(this)!.node.path}`;
    if (v.format('outputPrefix', outputPrefix, OUTPUT_PREFIX)) {
      // Two outputs of the same name in one stack: the second would replace the first (two VpcNetworks, or a
      // network whose prefix makes the name of another construct's output).
      outputs.every((o) => checkUniqueName(this, v, outputRegistry, o, 'outputPrefix', outputPrefix,
        `a prefix whose outputs (${outputs.join(', ')}) no other construct in this stack writes`));
    }

    let privateCidrs = checkList(v, 'privateSubnetCidrs', p.privateSubnetCidrs, false, 'a list of CIDRs, one per zone') as string[] | undefined;
    let publicCidrs = checkList(v, 'publicSubnetCidrs', p.publicSubnetCidrs, false, 'a list of CIDRs, one per zone') as string[] | undefined;
    if (vpcBlock && Number.isInteger(azCount) && azCount >= 2 && azCount <= 6 && (!privateCidrs || !publicCidrs)) {
      const layout = defaultLayout(vpcBlock, azCount);
      v.check(layout !== undefined, 'cidr', this.cidr, 'a VPC of at least /21 for the default subnet layout, or explicit privateSubnetCidrs and publicSubnetCidrs');
      privateCidrs ??= layout?.private;
      publicCidrs ??= layout?.public;
    }
    const subnets: Array<{ field: string; cidr: string; block?: Ipv4Block }> = [];
    const checkSubnets = (field: string, cidrs: string[] | undefined, maxPrefix: number, why: string) => {
      if (!cidrs) {
        return;
      }
      v.check(cidrs.length === azCount, field, cidrs, `one CIDR per availability zone (${azCount})`);
      cidrs.forEach((c, i) => {
        const f = `${field}[${i}]`;
        if (!v.format(f, c, IPV4_CIDR, true)) {
          return;
        }
        const block = parseIpv4Cidr(c)!;
        v.check(block.prefix <= maxPrefix, f, c, `a block of at least /${maxPrefix} (${why})`);
        if (vpcBlock) {
          v.check(contains(vpcBlock, block), f, c, `a block inside the VPC CIDR ${this.cidr}`);
        }
        const clash = subnets.find((s) => s.block && overlaps(s.block, block));
        v.check(clash === undefined, f, c, `a block that does not overlap ${clash?.field} (${clash?.cidr})`);
        subnets.push({ field: f, cidr: c, block });
      });
    };
    checkSubnets('privateSubnetCidrs', privateCidrs, 24, 'every pod takes an address from it');
    checkSubnets('publicSubnetCidrs', publicCidrs, 27, 'load balancers need one');
    v.throwIfInvalid();
    outputs.forEach((o) => claimName(this, outputRegistry, o));
    this.privateSubnetCidrs = [...privateCidrs!];
    this.publicSubnetCidrs = [...publicCidrs!];

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: this.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    // The default security group allows nothing, so nothing can use it by accident (Checkov CKV2_AWS_12).
    new DefaultSecurityGroup(this, 'default-security-group', { vpcId: this.vpc.id, tags: { Name: `${name}-default` } });
    // Flow logs record the metadata of every accepted and rejected flow; the EKS best-practices guide (network
    // security) recommends them for spotting unusual traffic between resources of the VPC, pods included (Checkov
    // CKV2_AWS_11).
    if (p.withoutFlowLogs === undefined) {
      const flowLog = new VpcFlowLog(this, 'flow-log', { vpc: this.vpc, name, options: flowLogs });
      this.flowLog = flowLog.flowLog;
      this.flowLogGroup = flowLog.logGroup;
      this.flowLogBucket = flowLog.bucket;
    } else {
      suppressCheckov(this.vpc, 'CKV2_AWS_11', p.withoutFlowLogs);
    }

    const azs = zones ? undefined : new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    const zoneOf = (i: number): string => zones?.[i] ?? Fn.element(azs!.names, i);

    const igw = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
      tags: { Name: `${name}-public` },
    });

    // The AWS Load Balancer Controller finds its subnets by the role tags alone: kubernetes.io/role/elb for
    // internet-facing, kubernetes.io/role/internal-elb for internal load balancers. The kubernetes.io/cluster/<name>
    // tag was required only up to v2.1.1; from v2.1.2 an untagged subnet serves every cluster, so the network does
    // not need to know the cluster's name.
    const natGateways: NatGateway[] = [];
    const natAddresses: Eip[] = [];
    for (let i = 0; i < azCount; i++) {
      const pub = new Subnet(this, `public-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: publicCidrs![i],
        availabilityZone: zoneOf(i),
        mapPublicIpOnLaunch: false,
        tags: { 'Name': `${name}-public-${i}`, 'kubernetes.io/role/elb': '1' },
      });
      new RouteTableAssociation(this, `public-${i}-routes`, { subnetId: pub.id, routeTableId: publicRoutes.id });
      this.publicSubnets.push(pub);
      if (nat === 'per-az' || i === 0) {
        const eip = new Eip(this, `nat-${i}-address`, { domain: 'vpc', tags: { Name: `${name}-nat-${i}` } });
        natAddresses.push(eip);
        natGateways.push(new NatGateway(this, `nat-${i}`, {
          allocationId: eip.id, subnetId: pub.id, tags: { Name: `${name}-nat-${i}` }, dependsOn: [igw],
        }));
      }
    }

    for (let i = 0; i < azCount; i++) {
      const nat = natGateways[Math.min(i, natGateways.length - 1)];
      const routes = new RouteTable(this, `private-${i}-routes-table`, {
        vpcId: this.vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }],
        tags: { Name: `${name}-private-${i}` },
      });
      const priv = new Subnet(this, `private-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: privateCidrs![i],
        availabilityZone: zoneOf(i),
        tags: { 'Name': `${name}-private-${i}`, 'kubernetes.io/role/internal-elb': '1' },
      });
      new RouteTableAssociation(this, `private-${i}-routes`, { subnetId: priv.id, routeTableId: routes.id });
      this.privateSubnets.push(priv);
    }

    // Outputs for other stacks and tools (terraform output, terraform_remote_state), as terraform-aws-vpc has them.
    const output = (suffix: string, value: unknown, description: string) =>
      new TerraformOutput(this, `output-${suffix}`, { value, description }).overrideLogicalId(`${outputPrefix}_${suffix}`);
    output('id', this.vpc.id, `ID of the VPC ${name}`);
    output('cidr_block', this.vpc.cidrBlock, 'IPv4 range of the VPC');
    output('private_subnet_ids', this.privateSubnetIds, 'IDs of the private subnets (nodes, pods, internal load balancers), one per zone');
    output('public_subnet_ids', this.publicSubnetIds, 'IDs of the public subnets (internet-facing load balancers, NAT), one per zone');
    output('nat_public_ips', natAddresses.map((e) => e.publicIp), 'Public IPv4 addresses of the NAT gateways (the source address of traffic to the internet)');
    if (this.flowLogGroup) {
      output('flow_log_group_name', this.flowLogGroup.name, 'CloudWatch Logs group of the VPC flow log');
    }
    if (this.flowLogBucket) {
      output('flow_log_bucket_name', this.flowLogBucket.bucket, 'S3 bucket of the VPC flow log (Parquet, under AWSLogs/)');
    }
  }

  /** IDs of the private subnets. */
  public get privateSubnetIds(): string[] {
    return this.privateSubnets.map((s) => s.id);
  }

  /** IDs of the public subnets. */
  public get publicSubnetIds(): string[] {
    return this.publicSubnets.map((s) => s.id);
  }

  /**
   * Adds tags to the private or the public subnets, e.g. `{ 'karpenter.sh/discovery': 'demo' }`, on their
   * `aws_subnet` resources. Use it instead of an `aws_ec2_tag`: the AWS provider warns that a tag resource on a
   * subnet whose own resource manages its tags causes a perpetual diff (each apply removes what the other adds).
   * Keys the subnets have already (Name, the load balancer role tags, earlier calls) cannot be given again.
   */
  public tagSubnets(subnets: 'private' | 'public', tags: Record<string, string>): void {
    const v = PropsValidator.of(this);
    const known = v.check(subnets === 'private' || subnets === 'public', 'tagSubnets(subnets)', subnets, '"private" or "public"');
    const targets = subnets === 'public' ? this.publicSubnets : this.privateSubnets;
    const existing = Object.keys(targets[0]?.tagsInput ?? {});
    // AWS allows 50 tags per resource, the provider's default tags (ManagedBy, Stack) included.
    checkTags(v, 'tagSubnets(tags)', tags, 48 - existing.length);
    if (known && isObject(tags)) {
      for (const key of Object.keys(tags).filter((k) => existing.includes(k))) {
        v.fail('tagSubnets(tags) key', key, `a key the ${subnets} subnets do not have yet (they have ${existing.join(', ')})`);
      }
    }
    v.throwIfInvalid();
    targets.forEach((t) => {
      t.tags = { ...t.tagsInput, ...tags };
    });
  }
}

import { Format } from '../core/formats';
import { parseIpv4Cidr } from '../core/cidr';

// The AWS naming rules below are the services' own (API reference "Constraints" and "Pattern" of each field), so that
// a name AWS would refuse at `terraform apply` is refused when keelson synthesizes.

/** An IPv4 CIDR block given by its network address. */
export const IPV4_CIDR: Format = {
  test: (v) => typeof v === 'string' && parseIpv4Cidr(v) !== undefined,
  description: 'an IPv4 CIDR block given by its network address, such as "10.0.0.0/16"',
};

/** An AWS region code. */
export const AWS_REGION: Format = {
  test: (v) => typeof v === 'string' && /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(v),
  description: 'an AWS region code such as "us-west-2"',
};

/** The partitions of ARNs: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b... */
const PARTITION = 'aws(-[a-z]+)*';

/**
 * Any ARN: `arn:partition:service:region:account-id:resource`, where the region and account may be empty (global
 * services, AWS managed resources) and the account is 12 digits or "aws". At most 2048 characters (the IAM limit).
 */
export const ARN: Format = {
  test: (v) => typeof v === 'string' && v.length <= 2048
    && new RegExp(`^arn:${PARTITION}:[a-z0-9-]+:([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d)?:(\\d{12}|aws)?:[\\x21-\\x7e]+$`).test(v),
  description: 'an ARN of the form arn:partition:service:region:account:resource, such as "arn:aws:s3:::my-bucket/*"',
};

/**
 * The ARN of an IAM role or user (a principal that can be granted cluster access): IAM ARNs have no region, a
 * 12-digit account, an optional path, and a name of 1-64 letters, digits or `+=,.@_-`.
 */
export const IAM_PRINCIPAL_ARN: Format = {
  test: (v) => typeof v === 'string' && v.length <= 2048
    && new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(role|user)/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`).test(v),
  description: 'an IAM role or user ARN such as "arn:aws:iam::123456789012:role/platform-admin"',
};

/** The ARN of an IAM managed policy (an AWS managed one has the account "aws"). */
export const IAM_POLICY_ARN: Format = {
  test: (v) => typeof v === 'string' && v.length <= 2048
    && new RegExp(`^arn:${PARTITION}:iam::(aws|\\d{12}):policy/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}$`).test(v),
  description: 'an IAM policy ARN such as "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"',
};

/** An EC2 instance type. */
export const INSTANCE_TYPE: Format = {
  test: (v) => typeof v === 'string' && /^[a-z][a-z0-9-]*\.[0-9]*[a-z0-9]+$/.test(v),
  description: 'an EC2 instance type such as "m7i.large"',
};

/** An S3 bucket name (general purpose buckets). */
export const S3_BUCKET_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length >= 3 && v.length <= 63
    && /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(v) && !v.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(v)
    && !v.startsWith('xn--') && !v.startsWith('sthree-') && !v.endsWith('-s3alias') && !v.endsWith('--ol-s3'),
  description: 'an S3 bucket name: 3-63 lowercase letters, digits, "." or "-", starting and ending with a letter or digit, not an IP address',
};

/**
 * A name of an AWS resource that allows letters, digits and hyphens (clusters, node groups): a subset of the EKS rule
 * (1-100 characters, a letter or digit first, then letters, digits, "-" or "_"), short enough for the IAM role
 * (64 characters) and launch template names derived from it.
 */
export const AWS_NAME: Format = {
  test: (v) => typeof v === 'string' && /^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(v) && !v.endsWith('-') && !v.includes('--'),
  description: 'a name of 1-40 letters, digits or "-", starting with a letter, without "--" or a trailing "-"',
};

/**
 * An ElastiCache replication group id: 1-40 letters, digits or "-", a letter first, no "--", no trailing "-"
 * (ElastiCache stores it in lowercase, so keelson takes it in lowercase).
 */
export const REPLICATION_GROUP_ID: Format = {
  test: (v) => typeof v === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(v) && !v.includes('--') && !v.endsWith('-'),
  description: 'an id of 1-40 lowercase letters, digits or "-", starting with a letter, without "--" or a trailing "-"',
};

/** A Secrets Manager secret name: 1-512 ASCII letters, digits or `/_+=.@-` (CreateSecret). */
export const SECRET_NAME: Format = {
  test: (v) => typeof v === 'string' && /^[\w/+=.@-]{1,512}$/.test(v),
  description: 'a Secrets Manager name of 1-512 ASCII letters, digits or /_+=.@-, such as "counter/mysql"',
};

/** An id of an EC2 resource: the prefix, "-" and 8 (older resources) or 17 lowercase hex digits. */
function ec2Id(prefix: string, noun: string, example: string): Format {
  const re = new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);
  return {
    test: (v) => typeof v === 'string' && re.test(v),
    description: `a ${noun} id of "${prefix}-" and 8 or 17 lowercase hex digits, such as "${example}", or a Terraform reference`,
  };
}

/** A VPC security group id. */
export const SECURITY_GROUP_ID = ec2Id('sg', 'security group', 'sg-0123456789abcdef0');
/** A subnet id. */
export const SUBNET_ID = ec2Id('subnet', 'subnet', 'subnet-0123456789abcdef0');
/** A VPC id. */
export const VPC_ID = ec2Id('vpc', 'VPC', 'vpc-0123456789abcdef0');

/** An EKS add-on version as EKS publishes them (`aws eks describe-addon-versions`): "vX.Y.Z-eksbuild.N"; never "latest". */
export const EKS_ADDON_VERSION: Format = {
  test: (v) => typeof v === 'string' && /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(v),
  description: 'an add-on version of the form "vX.Y.Z-eksbuild.N" such as "v1.12.4-eksbuild.1" (as `aws eks describe-addon-versions` lists them; '
    + 'leave the add-on out of addonVersions for EKS\'s default version)',
};

/**
 * A tag key: 1-128 Unicode letters, digits, white space or `_ . : / = + - @`, not starting with "aws:" (reserved for
 * AWS, in any case), the common tag rules of AWS services.
 */
export const TAG_KEY: Format = {
  test: (v) => typeof v === 'string' && v.length >= 1 && v.length <= 128 && /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]+$/u.test(v) && !/^aws:/i.test(v),
  description: 'a tag key of 1-128 letters, digits, spaces or _.:/=+-@, not starting with "aws:"',
};

/** A tag value: at most 256 Unicode letters, digits, white space or `_ . : / = + - @`. */
export const TAG_VALUE: Format = {
  test: (v) => typeof v === 'string' && v.length <= 256 && /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u.test(v),
  description: 'a tag value of at most 256 letters, digits, spaces or _.:/=+-@',
};

/** A Terraform input variable name, as keelson writes them: lowercase letters, digits and "_". */
export const TERRAFORM_NAME: Format = {
  test: (v) => typeof v === 'string' && v.length <= 64 && /^[a-z][a-z0-9_]*$/.test(v),
  description: 'a name of at most 64 lowercase letters, digits and "_", starting with a letter',
};

/**
 * The ARN of a KMS key (not an alias): `arn:partition:kms:region:account:key/<id>`, the id a UUID or, for a
 * multi-Region key, "mrk-" and 32 hex digits.
 */
export const KMS_KEY_ARN: Format = {
  test: (v) => typeof v === 'string'
    && new RegExp(`^arn:${PARTITION}:kms:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d:\\d{12}:key/(mrk-[0-9a-f]{32}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})$`).test(v),
  description: 'a KMS key ARN such as "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", or a Terraform reference',
};

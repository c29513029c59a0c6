import { Format } from '../core/formats';
import { parseIpv4Cidr } from '../core/cidr';

/** An IPv4 CIDR block given by its network address. */
export const IPV4_CIDR: Format = {
  test: (v) => typeof v === 'string' && parseIpv4Cidr(v) !== undefined,
  description: 'an IPv4 CIDR block given by its network address, such as "10.0.0.0/16"',
};

/** An AWS region code. */
export const AWS_REGION: Format = {
  test: (v) => typeof v === 'string' && /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(v),
  description: 'an AWS region code such as "us-west-2"',
};

/** The ARN of an IAM role or user (a principal that can be granted cluster access). */
export const IAM_PRINCIPAL_ARN: Format = {
  test: (v) => typeof v === 'string' && /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(v),
  description: 'an IAM role or user ARN such as "arn:aws:iam::123456789012:role/platform-admin"',
};

/** The ARN of an IAM managed policy. */
export const IAM_POLICY_ARN: Format = {
  test: (v) => typeof v === 'string' && /^arn:aws(-[a-z]+)*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/.test(v),
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

/** A name of an AWS resource that allows letters, digits and hyphens (clusters, node groups, cache groups). */
export const AWS_NAME: Format = {
  test: (v) => typeof v === 'string' && /^[a-zA-Z][a-zA-Z0-9-]{0,39}$/.test(v) && !v.endsWith('-') && !v.includes('--'),
  description: 'a name of 1-40 letters, digits or "-", starting with a letter, without "--" or a trailing "-"',
};

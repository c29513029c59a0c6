import { unresolvedReferences } from './terraform';

// The reference check that the Terraform tests rely on must itself catch dangling references.
describe('unresolvedReferences', () => {
  const tf = {
    variable: { admin: {} },
    data: { aws_availability_zones: { azs: {} } },
    resource: {
      aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
      aws_subnet: {
        a: {
          vpc_id: '${aws_vpc.main.id}',
          availability_zone: '${element(data.aws_availability_zones.azs.names, 0)}',
          tags: { Owner: '${var.admin}', Note: 'literal ${"aws_fake.x"} in a string' },
          depends_on: ['aws_vpc.main'],
        },
        b: {
          vpc_id: '${aws_vpc.nope.id}',
          policy: '${jsonencode({"a" = data.aws_iam_policy_document.missing.json})}',
          depends_on: ['aws_internet_gateway.gw'],
          cidr: '${var.undeclared}',
        },
      },
    },
  };

  test('lists exactly the undeclared resources, data sources and variables', () => {
    expect(unresolvedReferences(tf)).toEqual([
      'aws_internet_gateway.gw',
      'aws_vpc.nope',
      'data.aws_iam_policy_document.missing',
      'var.undeclared',
    ]);
  });

  test('checks references to ephemeral resources, and from them', () => {
    const withEphemeral = {
      ephemeral: { aws_secretsmanager_random_password: { token: { exclude_punctuation: true, length: '${var.length}' } } },
      resource: {
        aws_secretsmanager_secret_version: {
          good: { secret_string_wo: '${ephemeral.aws_secretsmanager_random_password.token.random_password}' },
          bad: { secret_string_wo: '${ephemeral.aws_secretsmanager_random_password.other.random_password}' },
        },
      },
    };
    expect(unresolvedReferences(withEphemeral)).toEqual(['ephemeral.aws_secretsmanager_random_password.other', 'var.length']);
  });
});

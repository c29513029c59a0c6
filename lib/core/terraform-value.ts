/**
 * Whether a string holds a Terraform expression, "${...}": a cdktf token such as "${TfToken[TOKEN.1]}" (a value known
 * only after `terraform apply`, such as an RDS endpoint address) or an expression written by hand. It needs no cdktf,
 * so the Kubernetes constructs refuse such values as well; keelson/aws also recognises cdktf's other tokens.
 */
export function holdsTerraformExpression(value: string): boolean {
  return value.includes('${');
}

import { NOT_SECRET_REASON_ANNOTATION } from '../../core/annotations';
import { SECRET_LIKE_ENV_NAME } from '../../core/formats';
import { defineCheck } from '../define';
import { kindKey } from '../kinds';
import { PolicyCheck } from '../types';
import { isMap as isObject } from '../selectors';

const EXTERNAL_SECRET = 'external-secrets.io/ExternalSecret';


/** Values that are credentials whatever their key is named (never quoted back in a finding). */
const CREDENTIAL_PATTERNS: ReadonlyArray<{ what: string; re: RegExp }> = [
  // Five dashes in a real PEM header; hand-edited ones with fewer still hold a key.
  { what: 'a PEM private key', re: /-{3,}\s*BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY\s*-{3,}/ },
  { what: 'an AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { what: 'a Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { what: 'a JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { what: 'a URL with a password', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:(?![$<{*])[^\s@/'"]+@/i },
];

/** What credential a text contains, or undefined. */
export function credentialIn(text: string): string | undefined {
  return CREDENTIAL_PATTERNS.find((p) => p.re.test(text))?.what;
}

/** Words before a final "secret" that make the setting a credential ("client_secret", "jwtSecret"). */
const SECRET_QUALIFIERS = ['client', 'app', 'jwt', 'shared', 'webhook', 'hmac', 'signing', 'api', 'consumer', 'session', 'cookie', 'encryption'];

/**
 * True when a setting's name says it holds a credential: it ends in password, passwd, pwd, passphrase, token, an API,
 * access, secret or private key, or a qualified secret ("client_secret"). Names of references ("existingSecret",
 * "secretName", "tokenUrl", "passwordFile") do not end so, and "existing..." names are references.
 */
export function isCredentialSetting(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const last = words[words.length - 1] ?? '';
  const prev = words[words.length - 2] ?? '';
  if (words[0] === 'existing') {
    return false;
  }
  return ['password', 'passwd', 'pwd', 'passphrase', 'token', 'apikey', 'accesskey', 'secretkey', 'privatekey'].includes(last)
    || (last === 'key' && ['api', 'access', 'secret', 'private'].includes(prev))
    || (last === 'secret' && SECRET_QUALIFIERS.includes(prev));
}

/** A value that points elsewhere (a variable, a template, a secret manager, a file) rather than holding a credential. */
const REFERENCE = /\$\{|\$\(|\{\{|secretKeyRef|valueFrom|^ref\+|^vault:|^arn:aws:(secretsmanager|ssm):|^\/|^file:|^<[^>]*>$|^\*+$/;

/** A scalar written as a literal credential: a non-empty string (or number) that is no reference and no YAML non-value. */
function isLiteral(value: unknown, numbers = false): boolean {
  if (typeof value === 'number') {
    return numbers;
  }
  if (typeof value !== 'string') {
    return false;
  }
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  return v !== '' && !/^(null|~|true|false|\{\}|\[\]|[|>][-+]?)$/i.test(v) && !REFERENCE.test(v);
}

/** `name: value`, `name = value`, `"name": "value",` and `export NAME=value` lines of a configuration file. */
const SETTING_LINE = /^\s*(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.*?)\s*,?\s*$/;

/** The lines of a configuration text that set a credential setting to a literal value: "line 3: db.password". */
function literalSettings(text: string): string[] {
  return text.split(/\r?\n/).flatMap((line, i) => {
    const m = SETTING_LINE.exec(line);
    const value = m ? m[2].replace(/(^|\s+)#.*$/, '') : '';
    return m && isCredentialSetting(m[1]) && isLiteral(value) ? [`line ${i + 1}: ${m[1]} is set to a literal value`] : [];
  });
}

/** Problems of one string value of a ConfigMap, template or Helm value, prefixed by where it is. */
function valueProblems(where: string, value: string): string[] {
  const credential = credentialIn(value);
  return [
    ...(credential ? [`${where} holds ${credential}`] : []),
    ...(value.includes('\n') ? literalSettings(value).map((s) => `${where} ${s}`) : []),
  ];
}

/** Names of keys that SECRET_LIKE_ENV_NAME misses: cloud account and signing keys ("AZURE_BATCH_KEY", "OCI_CLI_KEY_CONTENT"). */
const KEY_NAME = /(?:^|_)(?:account|batch|storage|master|signing|encryption|shared|client)_?key$|(?:^|_)key_content$/i;

/** True when a ConfigMap (or template) key is named like a credential (see SECRET_LIKE_ENV_NAME; "-" and "." read as "_"). */
const keyLooksLikeCredential = (key: string) => [key, key.replace(/[-.]/g, '_')].some((k) => SECRET_LIKE_ENV_NAME.test(k) || KEY_NAME.test(k));

/** Names of files that hold keys: SSH identities, key stores. */
const KEY_FILE = /^id_(rsa|dsa|ecdsa|ed25519)$|\.(key|p12|pfx|jks|keystore)$/i;

function configMapProblems(cm: any): string[] {
  const reason = String(cm?.metadata?.annotations?.[NOT_SECRET_REASON_ANNOTATION] ?? '').trim();
  const data = isObject(cm?.data) ? cm.data : {};
  const binary = isObject(cm?.binaryData) ? cm.binaryData : {};
  return [
    ...Object.entries(data).flatMap(([key, value]) => [
      ...(!reason && keyLooksLikeCredential(key) && isLiteral(value) && !String(value).includes('\n')
        ? [`data key "${key}" is named like a credential and holds a literal value`] : []),
      ...(typeof value === 'string' ? valueProblems(`data key "${key}"`, value) : []),
    ]),
    ...Object.entries(binary).flatMap(([key, value]) => [
      ...(!reason && (keyLooksLikeCredential(key) || KEY_FILE.test(key)) ? [`binaryData key "${key}" is named like a credential`] : []),
      ...(typeof value === 'string' && credentialIn(Buffer.from(value, 'base64').toString('latin1')) === 'a PEM private key'
        ? [`binaryData key "${key}" holds a PEM private key`] : []),
    ]),
  ];
}

function externalSecretProblems(es: any): string[] {
  const data = es?.spec?.target?.template?.data;
  return Object.entries(isObject(data) ? data : {}).flatMap(([key, value]) => {
    const where = `spec.target.template.data.${key}`;
    return [
      ...(keyLooksLikeCredential(key) && isLiteral(value) && !String(value).includes('\n')
        ? [`${where} is a literal value, not a template of the fetched secret`] : []),
      ...(typeof value === 'string' ? valueProblems(where, value) : []),
    ];
  });
}

/** The literal credentials in Helm values, with their path ("auth.adminPassword"); `depth` bounds the walk. */
export function helmValueProblems(value: unknown, path = '', depth = 0): string[] {
  if (depth > 30) {
    return [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => helmValueProblems(v, `${path}[${i}]`, depth + 1));
  }
  if (!isObject(value)) {
    return [];
  }
  return Object.entries(value).flatMap(([key, v]) => {
    const where = path ? `${path}.${key}` : key;
    if (isObject(v) || Array.isArray(v)) {
      return helmValueProblems(v, where, depth + 1);
    }
    return [
      ...(isCredentialSetting(key) && isLiteral(v, /(password|passwd|pwd|passphrase)$/i.test(key)) && !(typeof v === 'string' && v.includes('\n')) ? [`value ${where} is a literal credential`] : []),
      ...(typeof v === 'string' ? valueProblems(`value ${where}`, v) : []),
    ];
  });
}

export const SECRET_CHECKS: PolicyCheck[] = [
  defineCheck({
    id: 'secret-values',
    domain: 'kubernetes',
    kinds: ['Secret', 'ConfigMap', EXTERNAL_SECRET],
    description: 'No credential is written into the manifests (it would end up in Git): Secrets carry no values; ConfigMaps hold no private keys, '
      + 'tokens (AWS, GitHub, Slack, JWT) or literal passwords; ExternalSecret templates put no literal credential into the Secret.',
    remediation: 'Create the Secret with External Secrets (ExternalSecret) or outside Git and reference it by name; keep credentials out of ConfigMaps '
      + `(a key only named like one records why in the annotation ${NOT_SECRET_REASON_ANNOTATION}).`,
    severity: 'error',
    references: ['Polaris: sensitiveConfigmapContent', 'GitOps'],
    check: (t) => {
      switch (kindKey(t)) {
        case 'Secret':
          return ['data', 'stringData'].filter((k) => isObject(t.object?.[k]) && Object.keys(t.object[k]).length > 0).map((k) => `the Secret has ${k}`);
        case 'ConfigMap':
          return configMapProblems(t.object);
        default:
          return externalSecretProblems(t.object);
      }
    },
  }),
  defineCheck({
    id: 'helm-secret-values',
    domain: 'helm',
    kinds: ['HelmRelease'],
    description: 'Helm release values carry no literal credentials (passwords, tokens, keys) in the helmfile.',
    remediation: 'Point the chart at an existing Secret (its existingSecret-style value), or read the value from a secret store in the helmfile (ref+ values).',
    severity: 'error',
    references: ['GitOps', 'helmfile: remote secrets (vals ref+)'],
    check: (t) => helmValueProblems(t.object?.values),
  }),
];

import { PORT_NUMBER } from '../core/formats';
import { PropsValidator } from '../core/validator';

/** One nginx directive, with a block of directives for `events`, `http`, `server`, `location`... */
export interface NginxDirective {
  readonly name: string;
  readonly args: readonly string[];
  readonly block?: readonly NginxDirective[];
}

/** TLS versions nginx may offer; only 1.2 and newer. */
export type NginxTlsProtocol = 'TLSv1.2' | 'TLSv1.3';

/** A TLS-terminating reverse proxy in front of one local upstream. */
export interface NginxTlsProxyConfig {
  /** Port nginx listens on with TLS. */
  readonly listenPort: number;
  /** Host name of the server block. */
  readonly serverName: string;
  /** Certificate file (PEM). */
  readonly certificateFile: string;
  /** Private key file (PEM). */
  readonly keyFile: string;
  /** Offered TLS versions. */
  readonly protocols: readonly NginxTlsProtocol[];
  /** OpenSSL cipher list for TLS 1.2. */
  readonly ciphers: string;
  /** Where requests go, e.g. "http://127.0.0.1:5000/". */
  readonly upstream: string;
}

/** Ciphers for TLS 1.2: forward-secret AEAD suites only (TLS 1.3 suites are not configurable here). */
export const MODERN_TLS12_CIPHERS = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305';

const SAFE_ARG = /^[^\s;{}"'\\#]+$/;

/** Checks a proxy config: ports, TLS 1.2+, and arguments that cannot break out of their directive. */
export function validateNginxConfig(v: PropsValidator, field: string, c: NginxTlsProxyConfig): void {
  if (!v.check(c !== null && typeof c === 'object', field, c, 'an nginx TLS proxy config')) {
    return;
  }
  v.format(`${field}.listenPort`, c.listenPort, PORT_NUMBER, true);
  v.check(Array.isArray(c.protocols) && c.protocols.length > 0 && c.protocols.every((p) => p === 'TLSv1.2' || p === 'TLSv1.3'), `${field}.protocols`, c.protocols,
    'TLSv1.2 and/or TLSv1.3 (older versions are broken)');
  for (const [key, value] of Object.entries({ serverName: c.serverName, certificateFile: c.certificateFile, keyFile: c.keyFile, ciphers: c.ciphers, upstream: c.upstream })) {
    v.check(typeof value === 'string' && value.length <= 4096 && SAFE_ARG.test(value), `${field}.${key}`, value, 'a value without spaces, quotes, ";", "{", "}" or "#"');
  }
  v.check(typeof c.upstream === 'string' && /^https?:\/\/[\w.-]+(:\d+)?\/?$/.test(c.upstream), `${field}.upstream`, c.upstream, 'an upstream URL such as "http://127.0.0.1:5000/"');
}

/** The directive tree of a TLS proxy, for a read-only, unprivileged nginx (temporary files and pid in /tmp). */
export function nginxTlsProxy(c: NginxTlsProxyConfig): NginxDirective[] {
  const d = (name: string, ...args: string[]): NginxDirective => ({ name, args });
  const block = (name: string, args: string[], children: NginxDirective[]): NginxDirective => ({ name, args, block: children });
  return [
    d('worker_processes', '1'),
    d('pid', '/tmp/nginx.pid'),
    d('error_log', '/dev/stderr', 'warn'),
    block('events', [], [d('worker_connections', '1024')]),
    block('http', [], [
      d('include', '/etc/nginx/mime.types'),
      d('default_type', 'application/octet-stream'),
      d('client_body_temp_path', '/tmp/client_temp'),
      d('proxy_temp_path', '/tmp/proxy_temp'),
      d('fastcgi_temp_path', '/tmp/fastcgi_temp'),
      d('uwsgi_temp_path', '/tmp/uwsgi_temp'),
      d('scgi_temp_path', '/tmp/scgi_temp'),
      d('access_log', '/dev/stdout'),
      d('sendfile', 'on'),
      d('keepalive_timeout', '80'),
      d('server_tokens', 'off'),
      block('server', [], [
        d('listen', String(c.listenPort), 'ssl'),
        d('server_name', c.serverName),
        d('ssl_certificate', c.certificateFile),
        d('ssl_certificate_key', c.keyFile),
        d('ssl_protocols', ...c.protocols),
        d('ssl_ciphers', c.ciphers),
        d('ssl_prefer_server_ciphers', 'on'),
        d('ssl_session_tickets', 'off'),
        block('location', ['/'], [
          d('proxy_set_header', 'X-Forwarded-For', '$proxy_add_x_forwarded_for'),
          d('proxy_set_header', 'X-Forwarded-Proto', 'https'),
          d('proxy_set_header', 'Host', '$http_host'),
          d('proxy_pass', c.upstream),
        ]),
      ]),
    ]),
  ];
}

/** Renders directives as nginx.conf text, two spaces per level. */
export function renderNginxConfig(directives: readonly NginxDirective[], indent = ''): string {
  return directives.map((x) => {
    const head = [x.name, ...x.args].join(' ');
    return x.block ? `${indent}${head} {\n${renderNginxConfig(x.block, `${indent}  `)}${indent}}\n` : `${indent}${head};\n`;
  }).join('');
}

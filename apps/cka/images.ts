/**
 * The images of the CKA examples, pinned. The notes use unpinned or retired images (`nginx`, `perl`, `busybox`,
 * `k8s.gcr.io/...`, `docker.io/centos/httpd`); each stand-in keeps the role of the original (see README.md).
 */
export const IMAGES = {
  /** Stands in for `nginx`, `nginx:1.14.2`, `nginx:1.19.2` and `k8s.gcr.io/nginx-slim:0.8`: the same server, as a non-root user on 8080. */
  nginx: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
  /** Stands in for `execlb/git` and `axeclbr/git`. */
  git: 'alpine/git:v2.47.2',
  goproxy: 'registry.k8s.io/goproxy:0.1',
  debian: 'debian:12.8-slim',
  perl: 'perl:5.40.0-slim',
  busybox: 'busybox:1.37.0',
  randomGenerator: 'k8spatterns/random-generator:1.0',
  logAmbassador: 'k8spatterns/random-generator-log-ambassador:1.0',
  nginxExporter: 'nginx/nginx-prometheus-exporter:0.8.0',
  kubia: 'luksa/kubia:v1',
  guestbookFrontend: 'gcr.io/google_samples/gb-frontend:v3',
  fluentd: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2',
  /** Stands in for `k8s.gcr.io/pause:2.0`. */
  pause: 'registry.k8s.io/pause:3.10',
  companyApp: 'images.my-company.example/app:v4',
  logAggregator: 'images.my-company.example/log-aggregator:v6',
  privateRegistry: 'registry.my-company.example/private-reg:1.0',
} as const;

/** Small, explicit resources for the examples that set none (the notes leave most unset). */
export const SMALL = { requests: { cpu: '20m', memory: '32Mi' }, limits: { cpu: '200m', memory: '64Mi' } } as const;

export type {
  ClusterRegistry,
  GsvOpsCluster,
  KubeObject,
  KubeObjectMeta,
  KubeStatus,
  KubernetesClient,
  KubernetesErrorReason,
  KubernetesRequest,
  KubernetesWatchRequest,
  WatchEvent,
} from '@gsv/plugin-gsv-ops-node';
export { KubernetesApiError, isKubernetesApiError } from '@gsv/plugin-gsv-ops-node';

/** How to reach a cluster's API server. */
export interface ClusterConnection {
  url: string;
  /** A static bearer token (service-account token from config). */
  token?: string;
  /** A file to (re)read the token from, e.g. the mounted service-account token in-cluster. */
  tokenFile?: string;
  /**
   * Asked for the bearer token before each request (it caches what it may): an authentication strategy of the
   * official Kubernetes plugin (`aws`, `azure`, `googleServiceAccount`, …). Its errors make the request fail as
   * `Unauthorized`, with its message.
   */
  bearerToken?: () => Promise<string | undefined>;
  /** A TLS client certificate and key (PEM), e.g. from an `x509 client certificate` credential. */
  clientCertificate?: { cert: string; key: string };
  /** PEM CA bundle; `caData` in config is base64 of it. */
  caPem?: string;
  skipTLSVerify?: boolean;
}

import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type AuthService,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  GsvOpsClient,
  type GsvOpsDiscovery,
  type OperationList,
  type OperationRecord,
  type StartOperationRequest,
} from '@gsv/plugin-gsv-ops-common';

/**
 * The operations engine of GSV Ops, for other backend plugins and modules: every call goes through the engine's whole
 * admission (permission with the given credentials, target, policy, review, lock, audit), exactly as from the Ops
 * tab. Calls on behalf of a user are audited as that user.
 *
 * @public
 */
export interface GsvOpsOperationsService {
  startOperation(request: StartOperationRequest, options: { credentials: BackstageCredentials }): Promise<OperationRecord>;
  getOperation(id: string, options: { credentials: BackstageCredentials }): Promise<OperationRecord>;
  cancelOperation(id: string, options: { credentials: BackstageCredentials }): Promise<OperationRecord>;
  listOperations(
    query: { entityRef?: string; limit?: number },
    options: { credentials: BackstageCredentials },
  ): Promise<OperationList>;
}

/** Calls the engine over the gsv-ops plugin's HTTP API, with a token on behalf of the caller's credentials. */
class HttpOperationsService implements GsvOpsOperationsService {
  private readonly client: GsvOpsClient;

  constructor(private readonly auth: AuthService, discovery: GsvOpsDiscovery) {
    this.client = new GsvOpsClient({ discoveryApi: discovery });
  }

  private async token(credentials: BackstageCredentials) {
    const { token } = await this.auth.getPluginRequestToken({ onBehalfOf: credentials, targetPluginId: 'gsv-ops' });
    return { token };
  }

  async startOperation(request: StartOperationRequest, options: { credentials: BackstageCredentials }) {
    return this.client.startOperation(request, await this.token(options.credentials));
  }

  async getOperation(id: string, options: { credentials: BackstageCredentials }) {
    return this.client.getOperation(id, await this.token(options.credentials));
  }

  async cancelOperation(id: string, options: { credentials: BackstageCredentials }) {
    return this.client.cancelOperation(id, await this.token(options.credentials));
  }

  async listOperations(query: { entityRef?: string; limit?: number }, options: { credentials: BackstageCredentials }) {
    return this.client.listOperations(query, await this.token(options.credentials));
  }
}

/**
 * The operations service; its default implementation calls the gsv-ops backend plugin wherever it runs.
 *
 * @public
 */
export const gsvOpsOperationsServiceRef = createServiceRef<GsvOpsOperationsService>({
  id: 'gsv-ops.operations',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { auth: coreServices.auth, discovery: coreServices.discovery },
      factory: ({ auth, discovery }) => new HttpOperationsService(auth, discovery),
    }),
});

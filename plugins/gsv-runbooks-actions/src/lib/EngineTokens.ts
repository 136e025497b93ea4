import type { RunbookActionContext, RunbookActionOptions } from './types';

/**
 * Tokens for gsv-ops-backend on behalf of the task's initiator. When the initiator's token has expired during a long
 * wait (a 401 while reading the operation this task started), it falls back to the scaffolder's own service
 * credentials for reading and cancelling that operation.
 */
export class EngineTokens {
  private serviceFallback = false;

  constructor(
    private readonly auth: RunbookActionOptions['auth'],
    private readonly ctx: Pick<RunbookActionContext, 'getInitiatorCredentials'>,
  ) {}

  get usingServiceFallback() {
    return this.serviceFallback;
  }

  fallBackToService() {
    this.serviceFallback = true;
  }

  /** `asInitiator`: for changes (cancel), which the engine only accepts from a person. */
  async token(options?: { asInitiator?: boolean }): Promise<string> {
    const onBehalfOf =
      this.serviceFallback && !options?.asInitiator
        ? await this.auth.getOwnServiceCredentials()
        : await this.ctx.getInitiatorCredentials();
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf,
      targetPluginId: 'gsv-ops',
    });
    return token;
  }
}

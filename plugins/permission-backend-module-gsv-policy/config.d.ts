export interface Config {
  gsvOps?: {
    policy?: {
      /**
       * Groups whose members may do everything GSV Ops offers, in every environment
       * (entity refs, e.g. `group:default/platform-team`). Defaults to `group:default/platform-team`.
       * @visibility backend
       */
      platformTeams?: string[];
    };
  };
}

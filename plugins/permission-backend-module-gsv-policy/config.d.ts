export interface Config {
  gsvOps?: {
    policy?: {
      /**
       * Groups whose members hold every permission the policy decides, in every environment
       * (entity refs, e.g. `group:default/platform-team`). Defaults to `group:default/platform-team`.
       * @visibility backend
       */
      platformTeams?: string[];
      /**
       * Decisions for permissions the built-in table does not make, or different ones: who besides the platform
       * teams holds the permission. A permission decided neither here nor in the table is denied to everyone.
       * `owners` applies to permissions on catalog entities only.
       * @visibility backend
       */
      permissions?: Array<{
        /** The permission's name, e.g. `kubernetes.proxy` or `techdocs.entity.read`. */
        name: string;
        allow: 'signed-in' | 'owners' | 'platform' | 'nobody';
      }>;
    };
  };
}

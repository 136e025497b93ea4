/** Well-known user names and groups of the emulator's identities. */
export const ADMIN_USERNAME = 'kubernetes-admin';
export const VIEWER_USERNAME = 'gsv-viewer';
export const SUPERUSER_GROUP_NAME = 'system:masters';

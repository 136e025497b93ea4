export { LevelStatus, levelColor, LEVEL_ICONS } from './LevelStatus';
export type { LevelStatusProps } from './LevelStatus';

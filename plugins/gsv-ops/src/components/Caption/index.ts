export { Caption } from './Caption';
export type { CaptionProps } from './Caption';

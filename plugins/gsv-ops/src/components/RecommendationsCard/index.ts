export { RecommendationsCard } from './RecommendationsCard';
export type { RecommendationsCardProps } from './RecommendationsCard';

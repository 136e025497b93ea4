export {
  GsvOpsDryRunReview,
  dryRunReviewValidation,
} from './GsvOpsDryRunReview';

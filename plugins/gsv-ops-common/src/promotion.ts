/**
 * Where an Argo CD application sits in the image promotion order (`gsvOps.promotion.environments`): its overlay
 * deploys `toEnvironment`, into which the image of `fromEnvironment` is promoted.
 *
 * @public
 */
export interface ApplicationPromotion {
  fromEnvironment: string;
  toEnvironment: string;
}

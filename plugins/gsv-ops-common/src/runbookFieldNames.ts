/**
 * The `ui:field` names of the GSV Ops field extensions, as templates write them.
 *
 * @public
 */
export const GSV_OPS_FIELD_NAMES = {
  targetPicker: 'GsvOpsTargetPicker',
  dryRunReview: 'GsvOpsDryRunReview',
} as const;

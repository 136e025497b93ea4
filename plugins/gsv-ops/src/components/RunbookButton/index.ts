export {
  RunbookButton,
  RUNBOOK_ICONS,
  RUNBOOK_SHORT_LABELS,
} from './RunbookButton';
export type { RunbookButtonProps } from './RunbookButton';
export { MissingPermissionsNote } from './MissingPermissionsNote';
export type { MissingPermissionsNoteProps } from './MissingPermissionsNote';

export {
  GsvOpsTargetPicker,
  targetPickerValidation,
} from './GsvOpsTargetPicker';

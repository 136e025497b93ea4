export {
  PlatformRightSizingTable,
  PlatformRightSizingContent,
} from './PlatformRightSizingTable';

export { SectionTiles } from './SectionTiles';

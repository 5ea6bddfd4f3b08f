export { Locality } from './locality.entity';
export { LocalityLevel, LocalitySide } from './locality.enums';
export { LocalityResolver } from './locality.resolver';

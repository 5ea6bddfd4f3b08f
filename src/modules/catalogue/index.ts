import { CatalogueMutationResolver } from './catalogue.mutations';
import {
  CatalogueEditionResolver,
  CatalogueMatterChangeResolver,
  CatalogueMatterResolver,
  CatalogueMatterSnapshotResolver,
} from './catalogue.resolver';

export { CatalogueEdition } from './catalogue-edition.entity';
export { CatalogueMatter } from './catalogue-matter.entity';
export { CatalogueMatterKind, CatalogueMatterStatus, OnlineAvailability, UpdateCycle } from './catalogue.enums';

/** This module's resolver classes, for the schema. */
export const catalogueResolvers: Function[] = [
  CatalogueMutationResolver,
  CatalogueMatterResolver,
  CatalogueEditionResolver,
  CatalogueMatterSnapshotResolver,
  CatalogueMatterChangeResolver,
];

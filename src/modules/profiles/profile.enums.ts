import { registerEnumType } from 'type-graphql';

export enum ProfileThemeKind {
  THEME = 'THEME',
  INDUSTRY = 'INDUSTRY',
}
registerEnumType(ProfileThemeKind, {
  name: 'ProfileThemeKind',
  description: 'Whether a vocabulary entry names a theme (heritage, Silk Road, higher education) or an industry (energy, automotive).',
});

import { registerEnumType } from 'type-graphql';

/** The seven continents, with the two-letter codes countries-list uses. */
export enum Continent {
  AF = 'AF',
  AN = 'AN',
  AS = 'AS',
  EU = 'EU',
  NA = 'NA',
  OC = 'OC',
  SA = 'SA',
}
registerEnumType(Continent, {
  name: 'Continent',
  description: 'A continent (the country\'s, from countries-list).',
  valuesConfig: {
    AF: { description: 'Africa (非洲).' },
    AN: { description: 'Antarctica (南极洲).' },
    AS: { description: 'Asia (亚洲).' },
    EU: { description: 'Europe (欧洲).' },
    NA: { description: 'North America, with Central America and the Caribbean (北美洲).' },
    OC: { description: 'Oceania (大洋洲).' },
    SA: { description: 'South America (南美洲).' },
  },
});

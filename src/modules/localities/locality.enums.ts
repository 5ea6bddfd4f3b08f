import { registerEnumType } from 'type-graphql';

export enum LocalitySide {
  DOMESTIC = 'DOMESTIC',
  FOREIGN = 'FOREIGN',
}
registerEnumType(LocalitySide, { name: 'LocalitySide', description: 'Chinese (domestic) or foreign.' });

export enum LocalityLevel {
  PROVINCE = 'PROVINCE',
  PREFECTURE = 'PREFECTURE',
  COUNTY = 'COUNTY',
  REGION = 'REGION',
  CITY = 'CITY',
}
registerEnumType(LocalityLevel, {
  name: 'LocalityLevel',
  description: 'Administrative level.',
  valuesConfig: {
    PROVINCE: { description: 'Chinese province, autonomous region, municipality or SAR (省级).' },
    PREFECTURE: { description: 'Chinese prefecture-level division (地级), e.g. a prefecture-level city.' },
    COUNTY: { description: 'Chinese county-level division (县级): county, county-level city or urban district.' },
    REGION: { description: 'Foreign first-level division: state, prefecture, oblast, region, province.' },
    CITY: { description: 'Foreign city or town (GeoNames populated place).' },
  },
});

export const DOMESTIC_LEVELS = [LocalityLevel.PROVINCE, LocalityLevel.PREFECTURE, LocalityLevel.COUNTY];
export const FOREIGN_LEVELS = [LocalityLevel.REGION, LocalityLevel.CITY];

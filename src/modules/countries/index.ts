export { Country } from './country.entity';
export { CountryResolver } from './country.resolver';
export { Continent } from './continent.enum';

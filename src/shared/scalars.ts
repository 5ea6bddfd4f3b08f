export {
  CountryCodeResolver as CountryCodeScalar,
  DateTimeResolver as DateTimeScalar,
  LatitudeResolver as LatitudeScalar,
  LocalDateResolver as LocalDateScalar,
  LongitudeResolver as LongitudeScalar,
} from 'graphql-scalars';

/** The indicator codes the hub seeds (src/db/migrations/Migration20261206300000_indicators.ts). */
export const IndicatorCode = {
  FOREIGN_STUDENTS: 'FOREIGN_STUDENTS',
  ACTUAL_FOREIGN_CAPITAL_USED: 'ACTUAL_FOREIGN_CAPITAL_USED',
  EXPORTS: 'EXPORTS',
  OUTBOUND_INVESTMENT: 'OUTBOUND_INVESTMENT',
  INTERNATIONAL_VISITORS: 'INTERNATIONAL_VISITORS',
  FOREIGN_INVESTED_ENTERPRISES: 'FOREIGN_INVESTED_ENTERPRISES',
  FRIENDSHIP_RELATIONS: 'FRIENDSHIP_RELATIONS',
  EXCHANGES: 'EXCHANGES',
  RESIDENT_POPULATION: 'RESIDENT_POPULATION',
} as const;

/** The indicator per-capita values divide by; it is reported, but is not itself part of the index. */
export const POPULATION_INDICATOR = IndicatorCode.RESIDENT_POPULATION;

export const PERIOD_RANGE = { min: 2000, max: 2100 } as const;

export const INDICATOR_LIMITS = { note: 2000, source: 2000 } as const;

import { AppError, type InputErrors } from '../../errors';
import { parseIntId } from '../../shared/global-id';
import { textInput } from '../../shared/text-input';
import { INDICATOR_LIMITS, PERIOD_RANGE } from './indicator.enums';

export interface IndicatorReportInput {
  indicator: string;
  locality: string;
  period: number;
  value: number;
  note?: string | null;
  source?: string | null;
}

export interface IndicatorReport {
  indicator: string;
  localityId: number | null;
  period: number;
  value: number;
  note: string | null;
  source: string | null;
}

/** Checks each field of a report on its own; problems go to `errors`, by field. */
export function normaliseReport(input: IndicatorReportInput, errors: InputErrors): IndicatorReport {
  let localityId: number | null = null;
  try {
    localityId = parseIntId(input.locality, 'Locality', 'input.locality');
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    errors.add('input.locality', error.message);
  }
  errors.check(
    Number.isInteger(input.period) && input.period >= PERIOD_RANGE.min && input.period <= PERIOD_RANGE.max,
    'input.period',
    `"period" is a year from ${PERIOD_RANGE.min} to ${PERIOD_RANGE.max}, got ${input.period}.`,
  );
  errors.check(Number.isFinite(input.value) && input.value >= 0, 'input.value', `"value" cannot be negative, got ${input.value}.`);
  return {
    indicator: input.indicator,
    localityId,
    period: input.period,
    value: input.value,
    note: textInput(input.note, 'input.note', INDICATOR_LIMITS.note, errors),
    source: textInput(input.source, 'input.source', INDICATOR_LIMITS.source, errors),
  };
}

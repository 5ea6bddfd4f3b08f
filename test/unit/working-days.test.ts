import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import {
  accessRequestDueOn,
  addWorkingDays,
  chinaDate,
  isChineseWorkingDay,
  isPastDue,
} from '../../src/modules/access/working-days';

// The 2026 arrangement (国办发明电〔2025〕7号) as chinese-days publishes it: National Day 10-01 to
// 10-07 off with 09-20 (Sunday) and 10-10 (Saturday) worked; Spring Festival 02-15 to 02-23 off
// with 02-14 and 02-28 (Saturdays) worked; Mid-Autumn 09-25 to 09-27 off.
describe('Chinese working days', () => {
  it('knows the 2026 public holidays and the weekend days worked in exchange', () => {
    expect(isChineseWorkingDay('2026-10-01')).toBe(false);
    expect(isChineseWorkingDay('2026-10-07')).toBe(false);
    expect(isChineseWorkingDay('2026-10-08')).toBe(true);
    expect(isChineseWorkingDay('2026-10-10')).toBe(true);
    expect(isChineseWorkingDay('2026-09-20')).toBe(true);
    expect(isChineseWorkingDay('2026-09-25')).toBe(false);
    expect(isChineseWorkingDay('2026-02-14')).toBe(true);
    expect(isChineseWorkingDay('2026-02-23')).toBe(false);
    expect(isChineseWorkingDay('2026-02-28')).toBe(true);
  });

  it('counts ordinary weekends as days off and ordinary weekdays as working days', () => {
    expect(isChineseWorkingDay('2026-11-07')).toBe(false);
    expect(isChineseWorkingDay('2026-11-08')).toBe(false);
    expect(isChineseWorkingDay('2026-11-09')).toBe(true);
  });

  it('skips the National Day week and counts the Saturday worked after it', () => {
    // 10-08, 10-09, 10-10 (Saturday worked), 10-12, 10-13
    expect(addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
    expect(addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
  });

  it('counts the Sunday worked before National Day', () => {
    // 09-20 (Sunday worked), 09-21, 09-22, 09-23, 09-24
    expect(addWorkingDays('2026-09-18', 5)).toBe('2026-09-24');
  });

  it('skips the Spring Festival holiday and counts the Saturday worked before it', () => {
    // 02-14 (Saturday worked), then nothing until 02-24, 02-25, 02-26, 02-27
    expect(addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    // … 02-28 (Saturday worked), 03-02, 03-03, 03-04, 03-05
    expect(addWorkingDays('2026-02-13', 10)).toBe('2026-03-05');
  });

  it('starts counting after the request day even when it is a holiday', () => {
    expect(addWorkingDays('2026-10-03', 1)).toBe('2026-10-08');
  });

  it('takes the request day from the calendar in China, not in UTC', () => {
    // 17:30 UTC on 09-29 is 01:30 on 09-30 in China.
    const lateEveningUtc = new Date('2026-09-29T17:30:00Z');
    expect(chinaDate(lateEveningUtc)).toBe('2026-09-30');
    expect(accessRequestDueOn(lateEveningUtc, 5)).toBe('2026-10-13');
    // 15:30 UTC is still 23:30 on 09-29 there: one working day (09-30) before the holiday counts.
    expect(accessRequestDueOn(new Date('2026-09-29T15:30:00Z'), 5)).toBe('2026-10-12');
  });

  it('makes a request overdue only once its due day is over in China', () => {
    expect(isPastDue('2026-10-13', new Date('2026-10-13T15:59:59Z'))).toBe(false);
    expect(isPastDue('2026-10-13', new Date('2026-10-13T16:00:00Z'))).toBe(true);
  });

  it('gives owners 5 working days unless ACCESS_REQUEST_DUE_WORKING_DAYS says otherwise', () => {
    expect(loadConfig({}).accessRequestDueWorkingDays).toBe(5);
    expect(loadConfig({ ACCESS_REQUEST_DUE_WORKING_DAYS: '10' }).accessRequestDueWorkingDays).toBe(10);
    expect(() => loadConfig({ ACCESS_REQUEST_DUE_WORKING_DAYS: '0' })).toThrow(/ACCESS_REQUEST_DUE_WORKING_DAYS/);
  });
});

import type { SeedReport } from './index';
import { formatCoordinateStats } from './domestic-coordinates';

/** Human-readable summary: counts, timing, match rate and every unmatched row with its reason. */
export function formatSeedReport(report: SeedReport): string {
  const lines: string[] = [];
  const csvRows = report.relations + report.unmatched.length;
  const failed = report.unmatched.filter((u) => !u.reason.startsWith('duplicate')).length;
  const matchedRows = csvRows - failed;
  lines.push(`Seed finished in ${(report.ms / 1000).toFixed(1)} s`);
  lines.push(`  countries:           ${report.countries}`);
  lines.push(`  domestic localities: ${report.domesticLocalities}`);
  lines.push(`    with coordinates:  ${formatCoordinateStats(report.domesticCoordinates)}`);
  lines.push(`  foreign regions:     ${report.foreignRegions}`);
  lines.push(`  foreign cities:      ${report.foreignCities}`);
  lines.push(`  member units:        ${report.memberUnits}`);
  lines.push(`  relations loaded:    ${report.relations}`);
  const rate = csvRows ? ((100 * matchedRows) / csvRows).toFixed(1) : '100.0';
  lines.push(`  CSV rows matched:    ${matchedRows}/${csvRows} (${rate} %)`);
  lines.push(`  seed profiles:       ${report.profiles} (${report.profilesUnmatched.length} rows of partner-profiles.csv not loaded)`);
  if (report.unmatched.length) {
    lines.push(`Rows not loaded (${report.unmatched.length}):`);
    for (const u of report.unmatched) {
      const r = u.row;
      const what = `${r.domestic_locality ?? '?'} (${r.domestic_province ?? '?'}, ${r.domestic_level ?? '?'}) – ` +
        `${r.foreign_locality ?? '?'}${r.foreign_admin_area ? ', ' + r.foreign_admin_area : ''} [${r.country_iso2 ?? '?'}]`;
      lines.push(`  line ${u.line}: ${what}: ${u.reason}`);
    }
  }
  if (report.profilesUnmatched.length) {
    lines.push(`Profile rows not loaded (${report.profilesUnmatched.length}):`);
    for (const u of report.profilesUnmatched) {
      const r = u.row;
      const what = r.side === 'DOMESTIC' ? `${r.name ?? '?'} (${r.gb_code ?? '?'})`
        : `${r.name ?? '?'}${r.admin_area ? ', ' + r.admin_area : ''} [${r.country ?? '?'}, ${r.level ?? '?'}]`;
      lines.push(`  line ${u.line}: ${what}: ${u.reason}`);
    }
  }
  return lines.join('\n');
}

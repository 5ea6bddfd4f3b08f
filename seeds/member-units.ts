/**
 * Member units of the five provinces: provincial FAO, Friendship Association, bureaus, and the
 * municipal FAO of every prefecture-level city. No contact details: none is known for sure.
 */
import type { DomesticRow } from './domestic-localities';
import { bulkInsert, type Queryable } from './bulk-insert';

export const SEED_PROVINCES = ['610000', '140000', '410000', '330000', '350000'] as const;

export type MemberKind = 'FAO' | 'BUREAU' | 'MUNICIPAL_FAO' | 'ASSOCIATION' | 'OTHER';

export interface MemberUnitRow {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: MemberKind;
  localityGb: string;
  parentCode: string | null;
}

/** The hub operator: the provincial FAO of Shaanxi and the friendship association it runs. */
export const HUB_OPERATOR_CODES = ['610000-FAO', '610000-FRIENDSHIP-ASSOC'] as const;

export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,63}$/;

/** [code suffix, Chinese name (省 prefix added), English name ({P} = province)] */
const BUREAUS: Array<[string, (p: string) => string, string]> = [
  ['COMMERCE', (p) => `${p}商务厅`, 'Department of Commerce of {P} Province'],
  ['EDUCATION', (p) => `${p}教育厅`, 'Department of Education of {P} Province'],
  ['CULTURE-TOURISM', (p) => `${p}文化和旅游厅`, 'Department of Culture and Tourism of {P} Province'],
  ['SCIENCE-TECH', (p) => `${p}科学技术厅`, 'Department of Science and Technology of {P} Province'],
  ['INVESTMENT', (p) => `${p}投资促进局`, '{P} Investment Promotion Bureau'],
  ['SASAC', (p) => `${p}人民政府国有资产监督管理委员会`, "State-owned Assets Supervision and Administration Commission of {P} Provincial People's Government"],
  ['DEVELOPMENT-REFORM', (p) => `${p}发展和改革委员会`, '{P} Provincial Development and Reform Commission'],
  ['AGRICULTURE', (p) => `${p}农业农村厅`, 'Department of Agriculture and Rural Affairs of {P} Province'],
  ['OVERSEAS-CHINESE', (p) => `${p}人民政府侨务办公室`, "Overseas Chinese Affairs Office of {P} Provincial People's Government"],
];

export function buildMemberUnits(domestic: DomesticRow[], provinces: readonly string[] = SEED_PROVINCES): MemberUnitRow[] {
  const byGb = new Map(domestic.map((r) => [r.gbCode, r]));
  const units: MemberUnitRow[] = [];
  for (const gb of provinces) {
    const prov = byGb.get(gb);
    if (!prov) throw new Error(`province ${gb} missing from the domestic localities`);
    const zh = prov.nameZh; // 陕西省
    const en = prov.nameEn; // Shaanxi
    const fao = `${gb}-FAO`;
    units.push({
      code: fao, kind: 'FAO', localityGb: gb, parentCode: null,
      nameZh: `${zh}人民政府外事办公室`, nameEn: `Foreign Affairs Office of ${en} Provincial People's Government`,
    });
    units.push({
      code: `${gb}-FRIENDSHIP-ASSOC`, kind: 'ASSOCIATION', localityGb: gb, parentCode: fao,
      nameZh: `${zh}人民对外友好协会`, nameEn: `${en} People's Association for Friendship with Foreign Countries`,
    });
    for (const [suffix, nameZh, nameEn] of BUREAUS) {
      units.push({
        code: `${gb}-${suffix}`, kind: 'BUREAU', localityGb: gb, parentCode: null,
        nameZh: nameZh(zh), nameEn: nameEn.replace('{P}', en),
      });
    }
    for (const pref of domestic.filter((r) => r.level === 'PREFECTURE' && r.parentGb === gb)) {
      units.push({
        code: `${pref.gbCode}-FAO`, kind: 'MUNICIPAL_FAO', localityGb: pref.gbCode, parentCode: fao,
        nameZh: `${pref.nameZh}人民政府外事办公室`, nameEn: `${pref.nameEn} Municipal Foreign Affairs Office`,
      });
    }
  }
  for (const u of units) if (!CODE_PATTERN.test(u.code)) throw new Error(`bad member unit code ${u.code}`);
  return units;
}

/** Upsert by code (parents first). Returns code → id. */
export async function loadMemberUnits(db: Queryable, units: MemberUnitRow[]): Promise<Map<string, number>> {
  const codes = new Set(units.map((u) => u.code));
  const top = units.filter((u) => !u.parentCode || !codes.has(u.parentCode));
  const children = units.filter((u) => u.parentCode && codes.has(u.parentCode));
  for (const part of [top, children]) {
    await bulkInsert(db, part, {
      columns: [
        ['code', 'text', (u) => u.code],
        ['name_zh', 'text', (u) => u.nameZh],
        ['name_en', 'text', (u) => u.nameEn],
        ['kind', 'text', (u) => u.kind],
        ['locality_gb', 'text', (u) => u.localityGb],
        ['parent_code', 'text', (u) => u.parentCode],
      ],
      sql: (src) => `
        insert into member_unit (code, name_zh, name_en, kind, locality_id, parent_id, hub_operator)
        select u.code, u.name_zh, u.name_en, u.kind, l.id, p.id, u.code in (${HUB_OPERATOR_CODES.map((c) => `'${c}'`).join(', ')})
        from ${src}
        left join locality l on l.gb_code = u.locality_gb
        left join member_unit p on p.code = u.parent_code
        on conflict (code) do update set
          name_zh = excluded.name_zh, name_en = excluded.name_en, kind = excluded.kind,
          locality_id = excluded.locality_id, parent_id = excluded.parent_id, hub_operator = excluded.hub_operator
        where (member_unit.name_zh, member_unit.name_en, member_unit.kind, member_unit.locality_id, member_unit.parent_id, member_unit.hub_operator)
          is distinct from (excluded.name_zh, excluded.name_en, excluded.kind, excluded.locality_id, excluded.parent_id, excluded.hub_operator)`,
    });
  }
  const res = await db.query(`select id, code from member_unit where code = any($1::text[])`, [[...codes]]);
  return new Map(res.rows.map((r: { id: number; code: string }) => [r.code, r.id]));
}

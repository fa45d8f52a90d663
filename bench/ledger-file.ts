/**
 * A committee ledger of `residents` people as a CSV file (UTF-8 with BOM, Chinese headings),
 * made with the demo seeder's generators (households, names, ID numbers, addresses), so the
 * import benchmark and the kill -9 test need no checked-in file. Households are one 户号 each.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { dayToDate, DEFAULT_AS_OF, dayOf } from '../src/seed/dates.js';
import { PeopleFactory } from '../src/seed/people.js';
import { AddressBook, COMMUNITIES } from '../src/seed/places.js';
import { Rng } from '../src/seed/rng.js';

const relationWords = {
  SELF: '户主',
  SPOUSE: '配偶',
  CHILD: '子女',
  PARENT: '父母',
  GRANDCHILD: '孙子女',
  GRANDPARENT: '祖父母',
  SIBLING: '兄弟姐妹',
  CHILD_IN_LAW: '媳婿',
  OTHER: '其他',
} as const;
const residenceWords = {
  REGISTERED: '户籍',
  REGISTERED_AWAY: '人户分离',
  NON_LOCAL: '来沪',
} as const;
const iso = (day: number) => dayToDate(day).toISOString().slice(0, 10);

export const ledgerFileHeadings = [
  '户号',
  '姓名',
  '性别',
  '公民身份号码',
  '出生日期',
  '民族',
  '联系电话',
  '现住址',
  '与户主关系',
  '户籍类型',
  '迁入日期',
];

/** Writes the ledger; `seed` other than the demo's (1) keeps its ID numbers apart from a seeded district's. */
export async function writeLedgerFile(
  file: string,
  residents: number,
  seed = 16,
): Promise<{ residents: number; households: number }> {
  const rng = new Rng(seed, 'ledger');
  const factory = new PeopleFactory(rng, dayOf(DEFAULT_AS_OF));
  const place = COMMUNITIES[0]!;
  const addresses = new AddressBook(place, rng);
  const out = createWriteStream(file);
  out.write(`\uFEFF${ledgerFileHeadings.join(',')}\r\n`);
  let written = 0;
  let households = 0;
  while (written < residents) {
    const { household, members } = factory.household(
      0,
      addresses.next(),
      place.kind === 'VILLAGE',
      residents - written,
    );
    households++;
    for (const m of members) {
      const line = [
        `H${household.id}`,
        m.name,
        m.gender === 'MALE' ? '男' : '女',
        m.idNumber,
        iso(m.birthDay),
        m.ethnicity,
        m.phone ?? '',
        household.address,
        relationWords[m.relation],
        residenceWords[m.residenceType],
        iso(m.moveInDay),
      ].join(',');
      if (!out.write(`${line}\r\n`)) await once(out, 'drain');
      written++;
    }
  }
  out.end();
  await once(out, 'finish');
  return { residents: written, households };
}

/** The code of the community the file is meant for (the first demo community) and its committee. */
export const ledgerCommunity = COMMUNITIES[0]!.code;

/** How a MASKED grant shows a value: enough to recognise a record, not enough to identify a person. */

/** 张*明, 欧阳**锋, 李*: first and last character stay. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 310106********123X: area code and the last four characters. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 10))}${id.slice(-4)}`;
}

/** 138****5678 for mobiles; landlines keep their last four digits. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;
}

/** Birth year only: 1950-03-15 → 1950. */
export function maskBirthDate(date: string): string {
  return date.slice(0, 4);
}

/** The decade of an age: 83 → 80 (meaning 80–89). */
export function maskAge(age: number): number {
  return Math.floor(age / 10) * 10;
}

/** Majority or minority only: 汉族 stays, every other ethnicity reads 少数民族. */
export function maskEthnicity(ethnicity: string): string {
  return ethnicity === '汉族' ? ethnicity : '少数民族';
}

/** The road and lane (or village group) only: 华山路100弄2号302室 → 华山路100弄***. */
export function maskAddress(address: string): string {
  const cut = address.search(/[弄组]/);
  return cut >= 0 ? `${address.slice(0, cut + 1)}***` : '***';
}

/** Free text is withheld entirely: its length would say too much. */
export function maskText(_text: string): string {
  return '***';
}

import { describe, expect, it } from 'vitest';
import {
  maskAddress,
  maskEthnicity,
  maskIdNumber,
  maskName,
  maskPhone,
  maskText,
} from '../../src/access/masks.js';
import { maskOf } from '../../src/access/fields.js';
import '../../src/schema.js';

/** The masks against values written out by hand (never computed with the code under test). */
describe('masks', () => {
  it('an ID number keeps its area code only, X check character included', () => {
    expect(maskIdNumber('310106195003150118')).toBe('310106************');
    expect(maskIdNumber('11010519491231002X')).toBe('110105************');
    expect(maskIdNumber('44030420000229001x')).toBe('440304************');
  });

  it('a name keeps its first and last character', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('王秀英')).toBe('王*英');
    expect(maskName('欧阳修锋')).toBe('欧**锋');
    expect(maskName('李')).toBe('*');
  });

  it('a phone keeps the mobile prefix and the last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('021-62471234')).toBe('********1234');
  });

  it('ethnicity, address and free text', () => {
    expect(maskEthnicity('汉族')).toBe('汉族');
    expect(maskEthnicity('回族')).toBe('少数民族');
    expect(maskAddress('华山路100弄2号302室')).toBe('华山路100弄***');
    expect(maskAddress('金山村3组15号')).toBe('金山村3组***');
    expect(maskAddress('南京西路1266号')).toBe('***');
    expect(maskText('老人独居，行动不便')).toBe('***');
  });

  it('edge cases: old 15-digit IDs, short phones, a road without lane, a single character', () => {
    expect(maskIdNumber('310106500315011')).toBe('310106*********');
    expect(maskIdNumber('3101')).toBe('3101');
    expect(maskPhone('5678')).toBe('5678');
    expect(maskPhone('1381234567')).toBe('******4567');
    expect(maskPhone('138123456789')).toBe('********6789');
    expect(maskAddress('华山路弄堂')).toBe('华山路弄***');
    expect(maskAddress('')).toBe('***');
    expect(maskEthnicity('')).toBe('少数民族');
    expect(maskName('')).toBe('*');
    expect(maskName('司马相如')).toBe('司**如');
    expect(maskText('')).toBe('***');
  });

  it('birth date and age are withheld under MASKED: any part of them narrows the ID number', () => {
    expect(maskOf('Resident', 'birthDate')('1950-03-15')).toBeNull();
    expect(maskOf('Resident', 'age')(76)).toBeNull();
    expect(maskOf('Resident', 'idNumber')('310106195003150118')).toBe('310106************');
  });
});

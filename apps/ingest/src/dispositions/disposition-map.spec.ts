import { mapDisposition, normaliseMap } from './disposition-map';

describe('disposition maps', () => {
  const map = normaliseMap({
    'SALE - CLOSED': 'Sale',
    ' Qualified  Lead ': 'Qualified Lead',
    APPT: 'Appointment Set',
  });

  it('stores labels normalised', () => {
    expect(Object.keys(map)).toEqual(['sale - closed', 'qualified lead', 'appt']);
  });

  it.each([
    ['SALE - CLOSED', 'Sale', true],
    ['sale - closed', 'Sale', true],
    ['  Sale   -   Closed ', 'Sale', true],
    ['qualified\tlead', 'Qualified Lead', true],
    ['appt', 'Appointment Set', true],
    ['Callback Later', 'Callback Later', false],
    ['constructor', 'constructor', false],
    ['__proto__', '__proto__', false],
  ])('%p → %p (mapped: %p)', (raw, disposition, mapped) => {
    expect(mapDisposition(map, raw)).toEqual({ disposition, mapped });
  });

  it('flags every label when the source has no map', () => {
    expect(mapDisposition({}, 'Sale')).toEqual({ disposition: 'Sale', mapped: false });
  });
});

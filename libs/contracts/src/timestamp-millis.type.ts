import * as avro from 'avsc';

/**
 * avsc leaves logical types to the application: this one maps Avro
 * `timestamp-millis` longs to JavaScript Dates (and accepts epoch numbers).
 */
export class TimestampMillisType extends avro.types.LogicalType {
  protected override _fromValue(value: number): Date {
    return new Date(value);
  }

  protected override _toValue(value: unknown): number | undefined {
    if (value instanceof Date) return value.getTime();
    return typeof value === 'number' ? value : undefined;
  }

  protected override _resolve(type: avro.Type): ((value: number) => Date) | undefined {
    if (avro.Type.isType(type, 'long', 'logical:timestamp-millis'))
      return (value: number) => this._fromValue(value);
    return undefined;
  }
}

export const AVRO_LOGICAL_TYPES = { 'timestamp-millis': TimestampMillisType };

/** floe dtypes ↔ Zarr v3 data types. */
import type { DType } from '../dtype.js';

const TO_ZARR = { float64: 'float64', float32: 'float32', int32: 'int32', int64: 'int64', bool: 'bool' } as const;

export type ZarrDType = (typeof TO_ZARR)[DType];

export function toZarrDType(d: DType): ZarrDType {
  return TO_ZARR[d];
}

export function fromZarrDType(z: string, path: string): DType {
  const d = (Object.keys(TO_ZARR) as DType[]).find((k) => TO_ZARR[k] === z);
  if (!d) throw new TypeError(`the Zarr array at ${path} holds '${z}' values; floe arrays read float64, float32, int32, int64 and bool`);
  return d;
}

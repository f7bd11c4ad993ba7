/**
 * Small hand-written checks for the adapter's answers. The adapter builds its
 * answers from zod schemas (its tests validate them there); the browser only
 * needs to know an answer has the fields it reads, which costs a few hundred
 * bytes here instead of zod's runtime.
 */
export type Guard<T> = (v: unknown) => v is T;

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const nullable =
  <T>(g: Guard<T>): Guard<T | null> =>
  (v): v is T | null =>
    v === null || g(v);
export const optional =
  <T>(g: Guard<T>): Guard<T | undefined> =>
  (v): v is T | undefined =>
    v === undefined || g(v);
export const oneOf =
  <T extends string>(...values: T[]): Guard<T> =>
  (v): v is T =>
    values.includes(v as T);

/**
 * An object with these fields (extra fields pass). The mapped type makes the
 * compiler insist on a check for every field of `T`, so a guard cannot drift
 * from the type the adapter's zod schema infers.
 */
export function shape<T>(fields: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  // Object.keys, not for…in: a page may have added enumerable keys to Object.prototype.
  const keys = Object.keys(fields) as (keyof T)[];
  return (v): v is T => typeof v === 'object' && v !== null && keys.every((k) => fields[k]((v as T)[k]));
}

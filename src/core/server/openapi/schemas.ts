import * as z from 'zod/mini';

/**
 * Field schemas whose meaning a generated Java/C# client cannot guess from the type alone: the description
 * lands in the OpenAPI document (a JSDoc comment does not), and `int64` keeps generators from choosing a
 * 32-bit int (too small for epoch milliseconds) or a decimal.
 */
export const epochMs = () => z.int().check(z.meta({ description: 'Epoch milliseconds (UTC)', format: 'int64' }));
export const unixSeconds = () => z.int().check(z.meta({ description: 'Unix time in seconds (UTC)', format: 'int64' }));
export const isoDateTime = () => z.string().check(z.meta({ description: 'ISO 8601 date-time (UTC)', format: 'date-time' }));
export const durationMs = () => z.number().check(z.meta({ description: 'Duration in milliseconds' }));
export const durationSeconds = () => z.int().check(z.meta({ description: 'Duration in seconds' }));
/** A query parameter given as digits, typed integer (a strict generated client passes a number). */
export const queryInt = (description: string) => z.coerce.number().check(z.int(), z.minimum(0), z.meta({ description }));

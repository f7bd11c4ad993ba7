export const ENGINES: { what: string; path: string; pkg: string }[];
export function ensureEngines(): void;

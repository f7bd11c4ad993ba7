export function ensureCjkFont(): void;

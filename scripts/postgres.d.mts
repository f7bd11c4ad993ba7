export function ensurePostgres(): string;
export function startThrowawayPostgres(options?: { durable?: boolean; log?: boolean }): Promise<{ url: string; dir: string; stop(): void }>;

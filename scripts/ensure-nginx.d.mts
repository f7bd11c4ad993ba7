export const NGINX: string;
export function ensureNginx(): string;

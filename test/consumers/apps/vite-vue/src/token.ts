/** A page token for the sandbox adapter (a real app gets it from its own server). */
export async function tokenProvider(): Promise<string> {
  const res = await fetch('/api/sandbox/page-tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: 'consumer-app', scope: 'iamport:certify' }),
  });
  if (!res.ok) throw new Error(`page token: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

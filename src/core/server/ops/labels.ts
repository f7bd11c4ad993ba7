/** Label values for metrics: fixed vocabularies, never a message, an id or a business number. */

/** The outcome label of a provider call or a webhook delivery: a fixed vocabulary, never a message. */
export function outcomeOf(result: { status: number } | { error: unknown }): string {
  if ('status' in result) {
    if (result.status >= 200 && result.status < 300) return 'ok';
    if (result.status >= 300 && result.status < 400) return 'redirect';
    return `http_${result.status}`;
  }
  const name = (result.error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error';
}

/** A lease's kind for a label: `ecount:login:test:CO1` → `ecount:login` (names are `<provider>:<what>:<ids…>`). */
export const leaseKind = (name: string): string => name.split(':').slice(0, 2).join(':');

import { adapterUrl, answerError, reach } from '../../core/element/adapter-client.ts';
import { ErpError } from '../../core/element/erp-error.ts';
import type { InvoiceListResult, InvoiceStreamLine } from '../shared/invoice-model.ts';

/**
 * Adapter calls the JSON helper does not cover: the NDJSON progress stream of
 * the invoice list, and the XML/XSL documents. Same errors as `request()`.
 */
export async function adapterFetch(base: string, path: string, token: string, accept: string, signal?: AbortSignal): Promise<Response> {
  if (!base) throw new ErpError('missing_adapter');
  const headers: Record<string, string> = { Accept: accept };
  if (token) headers.Authorization = `Bearer ${token}`;
  const url = adapterUrl(base, path);
  const res = await reach(url, { headers, signal: AbortSignal.any([AbortSignal.timeout(300_000), ...(signal ? [signal] : [])]) });
  if (res.ok) return res;
  throw await answerError(res, url);
}

/** Reads the list's NDJSON: progress lines to `onProgress`, then the result (or the error line as an ErpError). */
export async function readInvoiceStream(res: Response, onProgress: (done: number, total: number) => void): Promise<InvoiceListResult> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += value ?? '';
    const lines = buffer.split('\n');
    buffer = done ? '' : lines.pop()!;
    for (const text of lines) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as InvoiceStreamLine;
      if (line.type === 'progress') onProgress(line.done, line.total);
      else if (line.type === 'error') throw new ErpError(line.error.code, line.error.message);
      else if (line.type === 'result' && Array.isArray(line.result?.invoices)) return line.result;
    }
    if (done) throw new ErpError('invalid_response', 'the list ended without a result');
  }
}

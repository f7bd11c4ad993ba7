import { ErpError } from '../../core/element/erp-error.ts';
import type { InvoiceListResult, InvoiceStreamLine } from '../shared/invoice-model.ts';

/** The list walks Hometax's windows one by one, and an invoice comes from SmartBill's scraping API: minutes, not seconds. */
export const SMARTBILL_TIMEOUT_MS = 300_000;

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

import { benecafeProvider } from '../benecafe/adapter.ts';
import { ecountProvider } from '../ecount/adapter.ts';
import { iamportProvider } from '../iamport/adapter.ts';
import { smartbillProvider } from '../smartbill/adapter.ts';
import type { ProviderModule } from './provider.ts';

/** Every provider the adapter serves, in route-registration order. */
export const providers: ProviderModule[] = [iamportProvider, benecafeProvider, smartbillProvider, ecountProvider];

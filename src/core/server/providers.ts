import { benecafeProvider } from '../../benecafe/server/adapter.ts';
import { ecountProvider } from '../../ecount/server/adapter.ts';
import { iamportProvider } from '../../iamport/server/adapter.ts';
import { smartbillProvider } from '../../smartbill/server/adapter.ts';
import type { ProviderModule } from './provider.ts';

/** Every provider the adapter serves, in route-registration order. */
export const providers: ProviderModule[] = [iamportProvider, benecafeProvider, smartbillProvider, ecountProvider];

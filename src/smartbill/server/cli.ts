import { ApiError } from '../../core/server/errors.ts';
import { isoTime, type OperatorEnv, runOperatorCommand, subcommands, textTable } from '../../core/server/operator.ts';
import type { ProviderModule } from '../../core/server/provider.ts';
import { unmatchedJson } from './credential-api.ts';
import { SmartbillCredentialStore } from './credential-store.ts';

const credentials = (env: OperatorEnv) => new SmartbillCredentialStore(env.store, env.crypto);
const seqOf = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_request', `"${raw}" is not a callback number (seq)`);
  return Number(raw);
};
const noUnmatched = (seq: number) => new ApiError(404, 'not_found', `no unmatched callback number ${seq}`);

const list = (argv: string[], providers: readonly ProviderModule[]) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter smartbill unmatched list --config FILE [--json] [--com COM_REGNO]

  SmartBill callbacks that matched no signup attempt, kept apart (without their secrets here).
  Adopt one ("smartbill unmatched adopt <seq>") to make its credentials the company's, or discard it.`,
      options: { com: { type: 'string' } },
    },
    providers,
    async (env, _pos, values) => {
      const com = values.com === undefined ? undefined : String(values.com).replace(/-/g, '');
      const rows = await credentials(env).unmatched(com);
      const human = rows.length
        ? textTable(
            ['SEQ', 'COM_REGNO', 'SBID', 'PID', 'REGYN', 'RECEIVED'],
            rows.map((u) => [u.seq, u.comRegNo, u.sbid, u.pID, u.regYn, isoTime(u.receivedAt)]),
          )
        : 'no unmatched SmartBill callbacks';
      return { data: { unmatched: rows.map(unmatchedJson) }, human };
    },
  );

const adopt = (argv: string[], providers: readonly ProviderModule[]) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter smartbill unmatched adopt <seq> --config FILE [--json] [--sub ERP_USER]

  Makes an unmatched callback's AUTH_CODE and AUTH_TOKEN the company's (as POST /server/smartbill/credentials/
  unmatched/<seq>/adopt does); --sub names the ERP user the token belongs to.`,
      options: { sub: { type: 'string' } },
      positionals: 1,
    },
    providers,
    async (env, [raw], values) => {
      const seq = seqOf(raw!);
      const adopted = await credentials(env).adopt(seq, (values.sub as string | undefined) ?? null, env.now());
      if (!adopted) throw noUnmatched(seq);
      return {
        data: { adopted: unmatchedJson(adopted) },
        human: `adopted ${seq}: ${adopted.comRegNo} (SBID ${adopted.sbid}) now uses these credentials`,
      };
    },
  );

const discard = (argv: string[], providers: readonly ProviderModule[]) =>
  runOperatorCommand(
    argv,
    {
      usage: `Usage: erp-widgets-adapter smartbill unmatched discard <seq> --config FILE [--json]

  Deletes an unmatched callback and its sealed credentials.`,
      positionals: 1,
    },
    providers,
    async (env, [raw]) => {
      const seq = seqOf(raw!);
      if (!(await credentials(env).discard(seq))) throw noUnmatched(seq);
      return { data: { discarded: seq }, human: `discarded ${seq}` };
    },
  );

/** `erp-widgets-adapter smartbill unmatched list|adopt|discard`. */
export const smartbillCommand = subcommands('smartbill', {
  unmatched: subcommands('smartbill unmatched', { list, adopt, discard }),
});

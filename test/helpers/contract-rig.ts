import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.js';
import type { HttpClient, HttpClientOptions } from '../../src/datasources/http-client.js';
import { DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS } from './documented-extras.js';
import { loadContract, type OpenApiContract, recordingDispatcher } from './openapi-contract.js';
import { sandboxHttpClient } from './sandbox-http-client.js';

const SPECS = fileURLToPath(new URL('../fixtures/bigcommerce/openapi/', import.meta.url));

/** What a datasource test drives: a sandbox, a client whose requests are recorded, the contract. */
export interface ContractRig {
  sandbox: Sandbox;
  http: HttpClient;
  recorder: ReturnType<typeof recordingDispatcher>;
  contract: OpenApiContract;
  close(): Promise<void>;
}

/** A sandbox store (unthrottled unless told), a recording client over it, every vendored spec. */
export async function startContractRig(
  sandboxOptions: SandboxOptions = {},
  clientOptions: Partial<HttpClientOptions> = {},
): Promise<ContractRig> {
  const sandbox = await createSandbox({
    quota: { requests: 10_000, windowMs: 60_000 },
    ...sandboxOptions,
  });
  const recorder = recordingDispatcher();
  const http = sandboxHttpClient(sandbox, { ...clientOptions, dispatcher: recorder.dispatcher });
  const contract = await loadContract(SPECS, DOCUMENTED_EXTRAS, KNOWN_SPEC_DEFECTS);
  return {
    sandbox,
    http,
    recorder,
    contract,
    close: async () => {
      await http.close();
      await sandbox.close();
      await recorder.close();
    },
  };
}

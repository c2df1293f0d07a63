// Keeps an end-to-end stack running (free ports, throw-away state) and prints the variables that point
// `npm run test:e2e` at it, so flows can be re-run without restarting the stack. Stops on SIGINT or SIGTERM.
import { startE2eStack } from "./stack.ts";

const stack = await startE2eStack((line) => process.stdout.write(`${line}\n`));
const chains = stack.chains.map((chain) => `RPC_URL_${chain.chainId}=${chain.rpcUrl}`).join(" ");
process.stdout.write(
  `E2E_BASE_URL=${stack.appUrl} RPC_URL=${stack.rpcUrl} CHAIN_ID=${stack.chainId} ` +
    `CHAIN_IDS=${stack.chains.map((chain) => chain.chainId).join(",")} ${chains} ` +
    `ADDRESS_BOOK_DIR=${stack.addressBookDir}\n`,
);
const stop = async () => {
  await stack.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

// Hardhat 3 configuration: offline solcjs compiler from the pinned `solc` package, networks, and test paths.
import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    profiles: {
      default: {
        version: "0.8.28",
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 10_000 }, viaIR: true, evmVersion: "cancun" },
      },
    },
    // Chainlink's in-process CCIP simulator (router, LINK, wrapped native) and its router, used by test/crosschain/.
    npmFilesToBuild: [
      "@chainlink/local/src/ccip/CCIPLocalSimulator.sol",
      "@chainlink/local/src/vendor/chainlink-ccip/test/mocks/MockRouter.sol",
    ],
  },
  // Solidity tests (test/solidity/*.t.sol, owned by the contracts engineer): a fixed fuzz seed so any failure
  // replays. Each invariant runs 10,000 random sequences of 20 handler calls (README, Contracts, Tests); a handler
  // call that reverts fails the run, so the handler catches every refusal it provokes and never wastes a call.
  test: {
    solidity: {
      fuzz: { runs: 1_000, seed: "0x434c58454e44" },
      invariant: { runs: 10_000, depth: 20, failOnRevert: true },
    },
  },
  // Networks (owned by deploy/): the local anvil chain, and public testnets whose RPC URL and deployer key come
  // only from environment variables (or the Hardhat keystore), never from files in the repository.
  networks: {
    local: {
      type: "http",
      chainType: "l1",
      chainId: 31337,
      url: configVariable("LOCAL_RPC_URL", { default: "http://127.0.0.1:18545" }),
    },
    // The second local chain of `npm start -- --chains 2` (cross-chain over the CCIP simulator).
    local2: {
      type: "http",
      chainType: "l1",
      chainId: 31338,
      url: configVariable("LOCAL2_RPC_URL", { default: "http://127.0.0.1:18546" }),
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      chainId: 11155111,
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    amoy: {
      type: "http",
      chainType: "l1",
      chainId: 80002,
      url: configVariable("AMOY_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    baseSepolia: {
      type: "http",
      chainType: "op",
      chainId: 84532,
      url: configVariable("BASE_SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    bscTestnet: {
      type: "http",
      chainType: "l1",
      chainId: 97,
      url: configVariable("BSC_TESTNET_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
});

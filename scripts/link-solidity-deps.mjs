// Links Solidity sources that npm packages hide behind their `exports` map into
// contracts/external/ (git-ignored), so Hardhat compiles them straight from
// node_modules as project sources and emits their artifacts. Runs on install.
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const linkDir = join(root, "contracts", "external");

/** Source files to link: link name → path inside node_modules. */
const links = {
  "EthereumDIDRegistry.sol": "ethr-did-registry/contracts/EthereumDIDRegistry.sol",
};

rmSync(linkDir, { recursive: true, force: true });
mkdirSync(linkDir, { recursive: true });
for (const [name, target] of Object.entries(links)) {
  symlinkSync(relative(linkDir, join(root, "node_modules", target)), join(linkDir, name));
}

// `npm run build:abi`: compiles the contracts and writes deployments/abi/<Name>.json and deployments/abi/index.ts
// (typed ABIs for the TypeScript parts), without deploying anything.
import { REPO_ADDRESS_BOOK_DIR } from "./address-book.ts";
import { writeAbis } from "./abi.ts";

const { default: hre } = await import("hardhat");
await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
const written = await writeAbis(hre.artifacts, REPO_ADDRESS_BOOK_DIR);
process.stdout.write(`Wrote ABIs of ${written.join(", ")} to ${REPO_ADDRESS_BOOK_DIR}/abi\n`);

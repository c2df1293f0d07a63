// Tests that what `npm start` writes at run time stays out of git: the address books of every local chain it can
// run (`deployments/<chainId>.json`, 31338 with `--chains 2`), the ABIs, and the state folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { DEFAULT_PORTS } from "./parts.ts";
import { REPO_ROOT } from "./paths.ts";
import { chainSpecsOf } from "./stack.ts";

function ignoredByGit(path: string): boolean {
  const result = spawnSync("git", ["check-ignore", "--quiet", "--no-index", path], {
    cwd: REPO_ROOT,
  });
  assert.notEqual(result.status, 128, `git check-ignore failed: ${result.stderr}`);
  return result.status === 0;
}

describe("files npm start generates", () => {
  it("git ignores the address book of every local chain", () => {
    const chainIds = chainSpecsOf({ chains: 2, ports: DEFAULT_PORTS }).map((spec) => spec.chainId);

    assert.deepEqual(chainIds, [31337, 31338]);
    for (const chainId of chainIds)
      assert.ok(ignoredByGit(`deployments/${chainId}.json`), `${chainId}.json`);
  });

  it("git ignores the ABIs and the state folder", () => {
    assert.ok(ignoredByGit("deployments/abi/Remittance.json"));
    assert.ok(ignoredByGit(".clxend/chain/state.json"));
  });

  it("git still tracks the address books of public networks", () => {
    assert.equal(ignoredByGit("deployments/11155111.json"), false);
  });
});

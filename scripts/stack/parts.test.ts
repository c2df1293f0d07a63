// Tests of the environment the stack gives the compliance API (parts.ts): the demo has two different compliance
// officers besides the admin, so a case in review, high-risk ones included, can be decided; and the staff sign-in
// message names the host the stack prints and serves the frontend on.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { demoAccounts } from "../../deploy/demo-accounts.ts";
import { DEFAULT_PORTS, PARTS, environmentOf, urlOf } from "./parts.ts";

function complianceEnvironment(): NodeJS.ProcessEnv {
  const part = PARTS.find((definition) => definition.name === "compliance-api");
  if (part === undefined) throw new Error("no compliance-api part");
  return environmentOf({
    part,
    chainId: 31337,
    rpcUrl: urlOf(DEFAULT_PORTS.chain),
    addressBookDir: "/tmp/books",
    stateDir: "/tmp/state",
    ports: DEFAULT_PORTS,
    demo: demoAccounts(),
  });
}

describe("the compliance API's environment", () => {
  it("makes the KYC provider's and the anchorer's demo wallets the two compliance officers", () => {
    const demo = demoAccounts();

    const officers = complianceEnvironment().STAFF_OFFICERS?.split(",");

    assert.deepEqual(officers, [demo.kycProvider.account.address, demo.anchorer.account.address]);
    assert.equal(complianceEnvironment().STAFF_ADMINS, demo.admin.account.address);
  });

  it("signs staff in for the frontend's URL as the stack prints it (127.0.0.1, not localhost)", () => {
    const frontend = new URL(urlOf(DEFAULT_PORTS.frontend));

    const env = complianceEnvironment();

    assert.equal(env.SIWE_DOMAIN, frontend.host);
    assert.equal(env.SIWE_URI, frontend.origin);
  });
});

// Unit tests of the co-signature's EIP-712 digest: the cached-domain digest equals viem's hashTypedData for every
// domain, the signature over it equals signTypedData's, and invalid fields are still refused.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Hex, hashTypedData, recoverTypedDataAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { APPROVAL_TYPES, BRIDGE_DOMAIN, REMITTANCE_DOMAIN } from "../../src/chain/abis.ts";
import { type ApprovalMessage, approvalDigest } from "../../src/compliance/cosign.ts";
import { DEV_KEYS } from "../helpers/chain.ts";

const signer = privateKeyToAccount(DEV_KEYS[1] as Hex);
const message = (nonce: bigint): ApprovalMessage => ({
  sender: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  recipient: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  claimHash: `0x${"00".repeat(32)}`,
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  amount: 25_000_000n,
  fee: 125_000n,
  memoHash: `0x${"ab".repeat(32)}`,
  travelRuleHash: `0x${"cd".repeat(32)}`,
  destinationChainId: 31_337n,
  nonce,
  deadline: 1_900_000_000n,
});
const domains = [
  { ...REMITTANCE_DOMAIN, chainId: 31_337, verifyingContract: signer.address },
  {
    ...REMITTANCE_DOMAIN,
    chainId: 1,
    verifyingContract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const,
  },
  {
    ...BRIDGE_DOMAIN,
    chainId: 31_337,
    verifyingContract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as const,
  },
];

describe("approvalDigest", () => {
  it("equals viem's hashTypedData in every domain, also when the domain separator is cached", () => {
    for (const round of [1, 2]) {
      for (const domain of domains) {
        const m = message(BigInt(round));

        const digest = approvalDigest(domain, m);

        assert.equal(
          digest,
          hashTypedData({ domain, types: APPROVAL_TYPES, primaryType: "Approval", message: m }),
        );
      }
    }
  });

  it("is what signTypedData signs: the same signature, recovering to the signer", async () => {
    const domain = domains[0] as (typeof domains)[0];
    const m = message(7n);

    const signature = await signer.sign({ hash: approvalDigest(domain, m) });

    assert.equal(
      signature,
      await signer.signTypedData({
        domain,
        types: APPROVAL_TYPES,
        primaryType: "Approval",
        message: m,
      }),
    );
    assert.equal(
      await recoverTypedDataAddress({
        domain,
        types: APPROVAL_TYPES,
        primaryType: "Approval",
        message: m,
        signature,
      }),
      signer.address,
    );
  });

  it("refuses a field that does not fit its type", () => {
    assert.throws(() =>
      approvalDigest(domains[0] as (typeof domains)[0], { ...message(1n), amount: 2n ** 256n }),
    );
    assert.throws(() =>
      approvalDigest(domains[0] as (typeof domains)[0], {
        ...message(1n),
        token: "0x1234" as Hex,
      }),
    );
  });
});

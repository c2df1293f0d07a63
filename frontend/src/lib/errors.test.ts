// Error sentences: wallet refusals, decoded contract reverts and service errors.
import { ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http.ts";
import { bridgeReceiverAbi, remittanceAbi } from "../chain/abis.ts";
import { explainDeliveryFailure, explainError, toSender } from "./errors.ts";

const BOB = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

function revert(errorName: string, args: readonly unknown[]) {
  const data = encodeErrorResult({ abi: remittanceAbi, errorName, args } as never);
  return new ContractFunctionRevertedError({ abi: remittanceAbi, data, functionName: "send" });
}

describe("explainError", () => {
  it("says the user declined in the wallet", () => {
    expect(
      explainError(new UserRejectedRequestError(new Error("User rejected the request."))),
    ).toBe(
      "You declined the request in your wallet. Nothing was sent; try again when you are ready.",
    );
  });

  it("names the wallet that lacks KYC", () => {
    const account = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
    expect(explainError(revert("RemittanceKycRequired", [account]))).toBe(
      `The wallet ${account} has no KYC in force. It must complete verification first.`,
    );
  });

  it("explains a pause", () => {
    expect(explainError(revert("EnforcedPause", []))).toMatch(/paused by the operator/);
  });

  it("passes the service's own sentence through", () => {
    expect(
      explainError(new ApiError("The recipient is on a sanctions list.", 403, "SANCTIONED", false)),
    ).toBe("The recipient is on a sanctions list.");
  });
});

describe("explainDeliveryFailure", () => {
  it("explains the bridge's own reasons with their facts", () => {
    const reason = encodeErrorResult({
      abi: bridgeReceiverAbi,
      errorName: "BridgeRateLimitExceeded",
      args: [1_000_031_337n, 70_000_000_000n, 5_000_000n, 1_900_000_000n],
    });

    expect(explainDeliveryFailure(reason)).toMatch(
      /^The bridge lane has room for 5000000 more base units until .+; send less or try again after that\.$/,
    );
  });

  it("passes a revert string through and names an unknown refusal by its selector", () => {
    const reason = encodeErrorResult({
      abi: [{ type: "error", name: "Error", inputs: [{ name: "message", type: "string" }] }],
      errorName: "Error",
      args: ["blacklisted"],
    });

    expect(explainDeliveryFailure(reason)).toBe("The delivery was refused: blacklisted.");
    expect(explainDeliveryFailure("0xdeadbeef")).toBe(
      "The token on the destination chain refused the delivery (revert data 0xdeadbeef…).",
    );
  });
});

describe("toSender", () => {
  const token = {
    symbol: "tUSD",
    address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    decimals: 6,
  } as const;
  const details = {
    balance: "1000000",
    amount: "2000000",
    fee: "10000",
    required: "2010000",
    token: token.address.toLowerCase(),
  };
  const refusal = (withDetails: unknown) =>
    new ApiError(
      "The sender 0x9965… holds 1 tUSD; …",
      422,
      "INSUFFICIENT_BALANCE",
      false,
      withDetails,
    );

  it("says the over-balance refusal to the sender from its numbers", () => {
    const said = toSender(refusal(details), token);

    expect(explainError(said)).toBe(
      "Your balance is 1.00 tUSD; this transfer needs amount + fee = 2.00 tUSD + 0.01 tUSD = 2.01 tUSD. Send less or top up your wallet first.",
    );
    expect(said).toMatchObject({ status: 422, code: "INSUFFICIENT_BALANCE", details });
  });

  it("keeps the service's sentence when the details are missing, malformed or for another token", () => {
    for (const other of [undefined, { ...details, balance: "1.5" }, { ...details, token: BOB }]) {
      const error = refusal(other);
      expect(toSender(error, token)).toBe(error);
    }
    const otherCode = new ApiError("Your KYC has expired.", 403, "KYC_EXPIRED", false, details);
    expect(toSender(otherCode, token)).toBe(otherCode);
  });
});

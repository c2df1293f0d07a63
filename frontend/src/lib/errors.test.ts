// Error sentences: wallet refusals, decoded contract reverts and service errors.
import { ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http.ts";
import { bridgeReceiverAbi, remittanceAbi } from "../chain/abis.ts";
import { explainDeliveryFailure, explainError } from "./errors.ts";

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

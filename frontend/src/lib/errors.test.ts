// Error sentences: wallet refusals, decoded contract reverts and service errors.
import { ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http.ts";
import { remittanceAbi } from "../chain/abis.ts";
import { explainError } from "./errors.ts";

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

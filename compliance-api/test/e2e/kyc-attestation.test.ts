// KYC issuance end to end: a wallet-signed request, the face service's verdict (a local HTTP stand-in answering in
// the face service's documented shape), and the attestation written to the deployed KycRegistry.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import { kycStatement } from "../../src/api/statements.ts";
import { kycRegistryAbi } from "../../src/chain/abis.ts";
import { DEV_KEYS, freePort, startTestChain, type TestChain } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

const EVIDENCE = "7f".repeat(32);

describe("KYC attestation issuance", () => {
  let chain: TestChain;
  let svc: TestService;
  let face: Server;
  let nextVerdict: "approved" | "rejected" = "approved";
  const seen: unknown[] = [];

  before(async () => {
    const port = await freePort();
    face = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        seen.push({ path: req.url, body: JSON.parse(body) });
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            verdict: nextVerdict,
            reasons: nextVerdict === "approved" ? [] : ["face_mismatch"],
            document: {
              mrz: { documentNumber: "L898902C3", names: "ANNA MARIA" },
              mrzProblem: null,
            },
            evidenceHash: EVIDENCE,
            checkedAt: new Date().toISOString(),
          }),
        );
      });
    });
    await new Promise<void>((r) => face.listen(port, "127.0.0.1", r));
    chain = await startTestChain();
    svc = await startService({ chain, env: { FACE_SERVICE_URL: `http://127.0.0.1:${port}` } });
  });
  after(async () => {
    await svc?.close();
    await chain?.stop();
    face?.close();
  });

  const request = async (key: `0x${string}`, issuedAt = new Date().toISOString()) => {
    const wallet = privateKeyToAccount(key);
    const walletSignature = await wallet.signMessage({
      message: kycStatement(wallet.address, issuedAt),
    });
    return {
      wallet,
      body: {
        subject: wallet.address,
        selfie: "c2VsZmll",
        document: "ZG9j",
        mrz: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        country: "KE",
        issuedAt,
        walletSignature,
      },
    };
  };

  it("writes a level-2 attestation with the evidence hash after an approved verdict", async () => {
    const { wallet, body } = await request(DEV_KEYS[7] as `0x${string}`);

    const res = await svc.call("POST", "/v1/kyc/verifications", body);

    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.attestation.level, 2);
    assert.equal(res.body.evidenceHash, `0x${EVIDENCE}`);
    const level = await chain.publicClient.readContract({
      address: chain.contracts.KycRegistry,
      abi: kycRegistryAbi,
      functionName: "validLevel",
      args: [wallet.address],
    });
    assert.equal(level, 2);
    assert.deepEqual((seen.at(-1) as { path: string }).path, "/kyc/verify");
    const admin = await svc.signIn(privateKeyToAccount(DEV_KEYS[0] as `0x${string}`));
    const expiring = await svc.call(
      "GET",
      "/v1/kyc/attestations/expiring?withinDays=365",
      undefined,
      { authorization: `Bearer ${admin}` },
    );
    assert.ok(
      expiring.body.attestations.some((a: { subject: string }) => a.subject === wallet.address),
    );
  });

  it("refuses a replayed, a stale or a foreign-signed request", async () => {
    const { body } = await request(DEV_KEYS[8] as `0x${string}`);
    nextVerdict = "rejected";
    const first = await svc.call("POST", "/v1/kyc/verifications", body);
    const replay = await svc.call("POST", "/v1/kyc/verifications", body);
    const stale = await request(
      DEV_KEYS[8] as `0x${string}`,
      new Date(Date.now() - 11 * 60_000).toISOString(),
    );
    const staleRes = await svc.call("POST", "/v1/kyc/verifications", stale.body);
    const other = await request(DEV_KEYS[9] as `0x${string}`);
    const foreign = await svc.call("POST", "/v1/kyc/verifications", {
      ...other.body,
      subject: body.subject,
    });

    assert.equal(first.status, 200);
    assert.equal(first.body.verdict, "rejected");
    assert.equal(first.body.attestation, null);
    assert.equal(replay.body.error.code, "KYC_REQUEST_REPLAYED");
    assert.equal(staleRes.status, 401);
    assert.equal(foreign.status, 401);
    const level = await chain.publicClient.readContract({
      address: chain.contracts.KycRegistry,
      abi: kycRegistryAbi,
      functionName: "validLevel",
      args: [body.subject],
    });
    assert.equal(level, 0);
  });
});

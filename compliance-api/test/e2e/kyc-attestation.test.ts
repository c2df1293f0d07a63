// KYC issuance end to end: a wallet-signed request, the verdict of the real face service (started from the
// face-service workspace, with the labelled photos of ../shared/data/faces), and the attestation written to the
// deployed KycRegistry of both chains the service serves (31337 and 31338, as `npm start -- --chains 2` runs them).
// A write that fails on the second chain (the provider lacks the role there, its RPC is down, the answer to the
// broadcast is lost) is named in the response, and a retry completes that chain without writing any chain twice.
import assert from "node:assert/strict";
import { get } from "node:http";
import { after, before, describe, it } from "node:test";
import { type Address, type Hex, keccak256, stringToHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { kycStatement } from "../../src/api/statements.ts";
import { FACE_CLIENT_IDLE_MS } from "../../src/kyc/face-service.ts";
import { accounts, DEV_KEYS, startTestChain, type TestChain } from "../helpers/chain.ts";
import { facePhoto, startFaceService, type TestFaceService } from "../helpers/face-service.ts";
import { type RpcProxy, startRpcProxy } from "../helpers/rpc-proxy.ts";
import { startService, type TestService } from "../helpers/service.ts";

const FIRST = 31_337;
const SECOND = 31_338;
const KYC_PROVIDER_ROLE = keccak256(stringToHex("KYC_PROVIDER_ROLE"));

/**
 * The ICAO 9303 TD3 specimen (Anna Maria Eriksson, Utopia) with its expiry moved to 2099-12-31 and the expiry and
 * composite check digits recomputed, so the face service reads it as a valid, unexpired document.
 */
const VALID_MRZ = [
  "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
  "L898902C36UTO7408122F9912315ZE184226B<<<<<16",
].join("\n");
const OBAMA_DOCUMENT = facePhoto("obama/obama-1.jpg");
const OBAMA_SELFIE = facePhoto("obama/obama-2.jpg");
const BIDEN_SELFIE = facePhoto("biden/biden-1.jpg");

describe("KYC attestation issuance with the real face service", () => {
  let chain: TestChain;
  let second: TestChain;
  /** The service reaches the second chain through this proxy, which the tests stop or make lose answers. */
  let secondRpc: RpcProxy;
  let face: TestFaceService;
  let svc: TestService;

  before(async () => {
    const chains = async () => {
      chain = await startTestChain();
      second = await startTestChain({
        chainId: SECOND,
        addressBookDir: chain.addressBookDir,
        nonceOffset: 3,
      });
      secondRpc = await startRpcProxy(second.rpcUrl);
    };
    [, face] = await Promise.all([chains(), startFaceService()]);
    svc = await startService({
      chain,
      env: {
        FACE_SERVICE_URL: face.url,
        CHAIN_IDS: `${FIRST},${SECOND}`,
        RPC_URL_31338: secondRpc.url,
      },
    });
  });
  after(async () => {
    await svc?.close();
    await secondRpc?.stop();
    await second?.stop();
    await chain?.stop();
    await face?.stop();
  });

  const request = async (
    key: `0x${string}`,
    images: { selfie: string; document: string; mrz?: string },
    issuedAt = new Date().toISOString(),
  ) => {
    const wallet = privateKeyToAccount(key);
    const walletSignature = await wallet.signMessage({
      message: kycStatement(wallet.address, issuedAt),
    });
    return {
      wallet,
      body: { subject: wallet.address, ...images, country: "KE", issuedAt, walletSignature },
    };
  };
  /** What `on`'s KycRegistry holds for `subject`, read from the chain itself. */
  const onChain = async (subject: `0x${string}`, on: TestChain = chain) => {
    const read = (functionName: "validLevel" | "evidenceHashOf") =>
      on.publicClient.readContract({
        address: on.contracts.KycRegistry,
        abi: on.abis.KycRegistry,
        functionName,
        args: [subject],
      });
    return { level: await read("validLevel"), evidenceHash: await read("evidenceHashOf") };
  };
  /** The KycAttested events of `subject` on `on`, by transaction. */
  const attestedEvents = async (subject: Address, on: TestChain) =>
    (
      (await on.publicClient.getContractEvents({
        address: on.contracts.KycRegistry,
        abi: on.abis.KycRegistry,
        eventName: "KycAttested",
        args: { subject },
        fromBlock: 0n,
      })) as { transactionHash: Hex }[]
    ).map((e) => e.transactionHash);
  const chainEntry = (attestation: { chains: { chainId: number }[] }, chainId: number) =>
    attestation.chains.find((c) => c.chainId === chainId) as {
      chainId: number;
      status: string;
      txHash: Hex | null;
      error: { code: string; message: string } | null;
    };
  /** A passed verification (level 1, no MRZ) of a new wallet. */
  const verifyNewWallet = async () => {
    const { wallet, body } = await request(generatePrivateKey(), {
      selfie: OBAMA_SELFIE,
      document: OBAMA_DOCUMENT,
    });
    const res = await svc.call("POST", "/v1/kyc/verifications", body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.verdict, "approved", JSON.stringify(res.body.reasons));
    return { wallet, attestation: res.body.attestation };
  };
  const retry = (verificationId: string) =>
    svc.call("POST", `/v1/kyc/verifications/${verificationId}/attestations`);

  it("attests at level 2 when the selfie matches the document portrait and the MRZ is valid", async () => {
    const { wallet, body } = await request(DEV_KEYS[7] as `0x${string}`, {
      selfie: OBAMA_SELFIE,
      document: OBAMA_DOCUMENT,
      mrz: VALID_MRZ,
    });

    const res = await svc.call("POST", "/v1/kyc/verifications", body);

    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.verdict, "approved", JSON.stringify(res.body.reasons));
    assert.equal(res.body.attestation.level, 2);
    assert.match(res.body.evidenceHash, /^0x[0-9a-f]{64}$/);
    for (const on of [chain, second])
      assert.deepEqual(await onChain(wallet.address, on), {
        level: 2,
        evidenceHash: res.body.evidenceHash,
      });
    for (const on of [chain, second]) {
      const entry = chainEntry(res.body.attestation, on.chainId);
      assert.equal(entry.status, "confirmed");
      assert.deepEqual(await attestedEvents(wallet.address, on), [entry.txHash]);
    }
    assert.equal(res.body.attestation.complete, true);
    assert.deepEqual(
      res.body.attestation.chains.map((c: { chainId: number }) => c.chainId),
      [FIRST, SECOND],
    );
    assert.equal(res.body.attestation.txHash, chainEntry(res.body.attestation, FIRST).txHash);
    const stored = await svc.call(
      "GET",
      `/v1/kyc/verifications/${res.body.attestation.verificationId}`,
    );
    assert.deepEqual(stored.body, res.body.attestation);
    const admin = await svc.signIn(privateKeyToAccount(DEV_KEYS[0] as `0x${string}`));
    const expiring = await svc.call(
      "GET",
      "/v1/kyc/attestations/expiring?withinDays=365",
      undefined,
      { authorization: `Bearer ${admin}` },
    );
    const listed = expiring.body.attestations.find(
      (a: { subject: string }) => a.subject === wallet.address,
    );
    assert.equal(listed?.verificationId, res.body.attestation.verificationId);
    assert.deepEqual(listed?.chains, res.body.attestation.chains);
  });

  it("attests at level 1 without an MRZ", async () => {
    const { wallet, body } = await request(DEV_KEYS[6] as `0x${string}`, {
      selfie: OBAMA_SELFIE,
      document: OBAMA_DOCUMENT,
    });

    const res = await svc.call("POST", "/v1/kyc/verifications", body);

    assert.equal(res.body.verdict, "approved", JSON.stringify(res.body.reasons));
    assert.equal(res.body.attestation.level, 1);
    assert.equal((await onChain(wallet.address)).level, 1);
    assert.equal((await onChain(wallet.address, second)).level, 1);
  });

  describe("when the write to the second chain fails", () => {
    it("names 31338 as failed when the provider lacks KYC_PROVIDER_ROLE there, and a retry completes it", async () => {
      const revoke = (fn: "revokeRole" | "grantRole") =>
        second.write(accounts.admin, second.contracts.KycRegistry, second.abis.KycRegistry, fn, [
          KYC_PROVIDER_ROLE,
          accounts.kycProvider.address,
        ]);
      await revoke("revokeRole");
      let verified: Awaited<ReturnType<typeof verifyNewWallet>>;
      try {
        verified = await verifyNewWallet();
      } finally {
        await revoke("grantRole");
      }
      const { wallet, attestation } = verified;
      const stored = await svc.call("GET", `/v1/kyc/verifications/${attestation.verificationId}`);

      const retried = await retry(attestation.verificationId);
      const again = await retry(attestation.verificationId);

      assert.equal(attestation.complete, false);
      assert.equal(chainEntry(attestation, FIRST).status, "confirmed");
      assert.deepEqual(chainEntry(attestation, SECOND), {
        ...chainEntry(attestation, SECOND),
        status: "failed",
        txHash: null,
      });
      assert.equal(chainEntry(attestation, SECOND).error?.code, "CHAIN_WRITE_FAILED");
      assert.match(
        chainEntry(attestation, SECOND).error?.message ?? "",
        /chain 31338 .*AccessControlUnauthorizedAccount/,
      );
      assert.deepEqual(stored.body, attestation);
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      assert.equal(retried.body.complete, true);
      assert.equal(chainEntry(retried.body, SECOND).status, "confirmed");
      assert.equal(chainEntry(retried.body, FIRST).txHash, chainEntry(attestation, FIRST).txHash);
      assert.deepEqual(again.body, retried.body);
      assert.equal((await onChain(wallet.address, second)).level, 1);
      assert.deepEqual(await attestedEvents(wallet.address, chain), [
        chainEntry(attestation, FIRST).txHash,
      ]);
      assert.deepEqual(await attestedEvents(wallet.address, second), [
        chainEntry(retried.body, SECOND).txHash,
      ]);
    });

    it("names 31338 as failed while its RPC is stopped, and a retry after it is back completes it", async () => {
      await secondRpc.stop();
      let verified: Awaited<ReturnType<typeof verifyNewWallet>>;
      try {
        verified = await verifyNewWallet();
      } finally {
        await secondRpc.start();
      }
      const { wallet, attestation } = verified;

      // Two retries at once: one of them sends, the other finds the chain taken and answers its state.
      await Promise.all([retry(attestation.verificationId), retry(attestation.verificationId)]);
      const retried = await svc.call("GET", `/v1/kyc/verifications/${attestation.verificationId}`);

      assert.equal(attestation.complete, false);
      assert.equal(chainEntry(attestation, FIRST).status, "confirmed");
      assert.equal(chainEntry(attestation, SECOND).status, "failed");
      assert.match(chainEntry(attestation, SECOND).error?.message ?? "", /chain 31338/);
      assert.equal((await onChain(wallet.address, chain)).level, 1);
      assert.equal(retried.body.complete, true, JSON.stringify(retried.body));
      assert.equal((await onChain(wallet.address, second)).level, 1);
      assert.equal((await attestedEvents(wallet.address, chain)).length, 1);
      assert.deepEqual(await attestedEvents(wallet.address, second), [
        chainEntry(retried.body, SECOND).txHash,
      ]);
    });

    it("reports a broadcast whose answer was lost as sent, not confirmed, and the retry confirms that transaction instead of sending another", async () => {
      secondRpc.loseBroadcastAnswers = true;
      let verified: Awaited<ReturnType<typeof verifyNewWallet>>;
      try {
        verified = await verifyNewWallet();
      } finally {
        secondRpc.loseBroadcastAnswers = false;
      }
      const { wallet, attestation } = verified;
      const sent = chainEntry(attestation, SECOND);

      const retried = await retry(attestation.verificationId);

      assert.equal(attestation.complete, false);
      assert.equal(sent.status, "sent");
      assert.match(sent.txHash ?? "", /^0x[0-9a-f]{64}$/);
      assert.equal(sent.error?.code, "CHAIN_TRANSACTION_UNCONFIRMED");
      assert.equal(retried.body.complete, true, JSON.stringify(retried.body));
      assert.equal(chainEntry(retried.body, SECOND).txHash, sent.txHash);
      assert.deepEqual(await attestedEvents(wallet.address, second), [sent.txHash]);
    });
  });

  it("refuses to retry an attestation the wallet has a newer one of, and an unknown id", async () => {
    const key = generatePrivateKey();
    const images = { selfie: OBAMA_SELFIE, document: OBAMA_DOCUMENT };
    const older = await svc.call(
      "POST",
      "/v1/kyc/verifications",
      (await request(key, images)).body,
    );
    const newer = await svc.call(
      "POST",
      "/v1/kyc/verifications",
      (await request(key, images)).body,
    );

    const res = await retry(older.body.attestation.verificationId);
    const unknown = await retry("0b7f5c1e-8a5e-4d44-9a55-4d1a3c3b2f10");

    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, "KYC_ATTESTATION_SUPERSEDED");
    assert.equal(
      res.body.error.details.latestVerificationId,
      newer.body.attestation.verificationId,
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "KYC_VERIFICATION_NOT_FOUND");
  });

  it("refuses a selfie of another person than the document, and writes no attestation", async () => {
    const { wallet, body } = await request(DEV_KEYS[5] as `0x${string}`, {
      selfie: BIDEN_SELFIE,
      document: OBAMA_DOCUMENT,
      mrz: VALID_MRZ,
    });

    const res = await svc.call("POST", "/v1/kyc/verifications", body);

    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.verdict, "rejected");
    assert.ok(res.body.reasons.includes("FACE_MISMATCH"), JSON.stringify(res.body.reasons));
    assert.equal(res.body.attestation, null);
    assert.equal((await onChain(wallet.address)).level, 0);
    assert.equal((await onChain(wallet.address, second)).level, 0);
  });

  it("keeps idle keep-alive sockets open longer than the API's face-service client does", async () => {
    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      get(`${face.url}/health`, { agent: false, headers: { connection: "keep-alive" } }, (res) => {
        res.resume();
        resolve(res.headers["keep-alive"] as string | undefined);
      }).on("error", reject);
    });

    const seconds = Number(/^timeout=(\d+)$/.exec(keepAlive ?? "")?.[1]);
    assert.ok(seconds * 1000 > FACE_CLIENT_IDLE_MS, `Keep-Alive: ${keepAlive}`);
  });

  it("refuses a replayed, a stale or a foreign-signed request", async () => {
    const images = { selfie: BIDEN_SELFIE, document: OBAMA_DOCUMENT };
    const { body } = await request(DEV_KEYS[8] as `0x${string}`, images);
    const first = await svc.call("POST", "/v1/kyc/verifications", body);
    const replay = await svc.call("POST", "/v1/kyc/verifications", body);
    const stale = await request(
      DEV_KEYS[8] as `0x${string}`,
      images,
      new Date(Date.now() - 11 * 60_000).toISOString(),
    );
    const staleRes = await svc.call("POST", "/v1/kyc/verifications", stale.body);
    const other = await request(DEV_KEYS[9] as `0x${string}`, images);
    const foreign = await svc.call("POST", "/v1/kyc/verifications", {
      ...other.body,
      subject: body.subject,
    });

    assert.equal(first.status, 200);
    assert.equal(first.body.verdict, "rejected");
    assert.equal(replay.body.error.code, "KYC_REQUEST_REPLAYED");
    assert.equal(staleRes.status, 401);
    assert.equal(foreign.status, 401);
    assert.equal((await onChain(body.subject)).level, 0);
  });
});

describe("KYC attestation issuance without a face service", () => {
  it("answers 503 FACE_SERVICE_UNAVAILABLE when the face service cannot be reached", async () => {
    const svc = await startService({ env: { FACE_SERVICE_URL: "http://127.0.0.1:9" } });
    try {
      const wallet = privateKeyToAccount(DEV_KEYS[7] as `0x${string}`);
      const issuedAt = new Date().toISOString();

      const res = await svc.call("POST", "/v1/kyc/verifications", {
        subject: wallet.address,
        selfie: OBAMA_SELFIE,
        document: OBAMA_DOCUMENT,
        country: "KE",
        issuedAt,
        walletSignature: await wallet.signMessage({
          message: kycStatement(wallet.address, issuedAt),
        }),
      });

      assert.equal(res.status, 503);
      assert.equal(res.body.error.code, "FACE_SERVICE_UNAVAILABLE");
    } finally {
      await svc.close();
    }
  });
});

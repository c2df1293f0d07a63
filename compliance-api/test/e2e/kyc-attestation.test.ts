// KYC issuance end to end: a wallet-signed request, the verdict of the real face service (started from the
// face-service workspace, with the labelled photos of ../shared/data/faces), and the attestation written to the
// deployed KycRegistry.
import assert from "node:assert/strict";
import { get } from "node:http";
import { after, before, describe, it } from "node:test";
import { privateKeyToAccount } from "viem/accounts";
import { kycStatement } from "../../src/api/statements.ts";
import { FACE_CLIENT_IDLE_MS } from "../../src/kyc/face-service.ts";
import { DEV_KEYS, startTestChain, type TestChain } from "../helpers/chain.ts";
import { facePhoto, startFaceService, type TestFaceService } from "../helpers/face-service.ts";
import { startService, type TestService } from "../helpers/service.ts";

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
  let face: TestFaceService;
  let svc: TestService;

  before(async () => {
    [chain, face] = await Promise.all([startTestChain(), startFaceService()]);
    svc = await startService({ chain, env: { FACE_SERVICE_URL: face.url } });
  });
  after(async () => {
    await svc?.close();
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
  const onChain = async (subject: `0x${string}`) => {
    const read = (functionName: "validLevel" | "evidenceHashOf") =>
      chain.publicClient.readContract({
        address: chain.contracts.KycRegistry,
        abi: chain.abis.KycRegistry,
        functionName,
        args: [subject],
      });
    return { level: await read("validLevel"), evidenceHash: await read("evidenceHashOf") };
  };

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
    assert.deepEqual(await onChain(wallet.address), {
      level: 2,
      evidenceHash: res.body.evidenceHash,
    });
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

  it("attests at level 1 without an MRZ", async () => {
    const { wallet, body } = await request(DEV_KEYS[6] as `0x${string}`, {
      selfie: OBAMA_SELFIE,
      document: OBAMA_DOCUMENT,
    });

    const res = await svc.call("POST", "/v1/kyc/verifications", body);

    assert.equal(res.body.verdict, "approved", JSON.stringify(res.body.reasons));
    assert.equal(res.body.attestation.level, 1);
    assert.equal((await onChain(wallet.address)).level, 1);
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

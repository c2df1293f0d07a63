// Staff Sign-In with Ethereum: a signed message opens one session only (replay refused), and a message for another
// domain or chain is refused without using up the nonce.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { createSiweMessage, parseSiweMessage } from "viem/siwe";
import { accounts } from "../helpers/chain.ts";
import { startService, type TestService } from "../helpers/service.ts";

describe("staff sign-in", () => {
  let svc: TestService;

  before(async () => {
    svc = await startService();
  });
  after(async () => {
    await svc?.close();
  });

  const sessions = async () => {
    const r = (await svc.services.database.db.execute(
      sql`select count(*)::int as n from staff_sessions`,
    )) as unknown as { rows: { n: number }[] };
    return r.rows[0]?.n;
  };
  const challenge = async () => {
    const res = await svc.call("POST", "/v1/auth/nonce", { address: accounts.officer1.address });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.message as string;
  };
  const session = async (message: string) =>
    svc.call("POST", "/v1/auth/session", {
      message,
      signature: await accounts.officer1.signMessage({ message }),
    });
  /** The server's message with some fields changed, keeping its nonce. */
  const altered = (message: string, change: Partial<ReturnType<typeof parseSiweMessage>>) => {
    const fields = parseSiweMessage(message);
    return createSiweMessage({ ...fields, ...change } as Parameters<typeof createSiweMessage>[0]);
  };

  it("opens a session once, and refuses the same signed message a second time", async () => {
    const message = await challenge();
    const before = await sessions();

    const first = await session(message);
    const replay = await session(message);

    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error.code, "UNAUTHENTICATED");
    assert.match(replay.body.error.message, /nonce is unknown, used or expired/);
    assert.equal(await sessions(), (before ?? 0) + 1);
    const me = await svc.call("GET", "/v1/auth/me", undefined, {
      authorization: `Bearer ${first.body.token}`,
    });
    assert.equal(me.body.address, accounts.officer1.address);
  });

  it("refuses a message signed for another domain, and the nonce still works for the right one", async () => {
    const message = await challenge();
    const before = await sessions();

    const foreign = await session(altered(message, { domain: "evil.example" }));
    const otherChain = await session(altered(message, { chainId: 1 }));
    const right = await session(message);

    assert.equal(foreign.status, 401);
    assert.match(foreign.body.error.message, /another domain or chain/);
    assert.equal(otherChain.status, 401);
    assert.equal(right.status, 200, JSON.stringify(right.body));
    assert.equal(await sessions(), (before ?? 0) + 1);
  });

  it("refuses a message whose signature is by another wallet", async () => {
    const message = await challenge();

    const res = await svc.call("POST", "/v1/auth/session", {
      message,
      signature: await accounts.officer2.signMessage({ message }),
    });

    assert.equal(res.status, 401);
    assert.match(res.body.error.message, /signature does not match/);
  });
});

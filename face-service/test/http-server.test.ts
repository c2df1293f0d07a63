// The face service's HTTP server (src/http/listen.ts, used by src/server.ts) keeps idle keep-alive sockets for 65 s,
// not Node's default 5 s, and says so in its Keep-Alive header, so clients close idle sockets before it does.
import assert from "node:assert/strict";
import { get } from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { Hono } from "hono";
import { listen, SERVER_TIMEOUTS } from "../src/http/listen.ts";

describe("HTTP server", () => {
  const server = listen(new Hono().get("/", (c) => c.text("ok")).fetch, {
    hostname: "127.0.0.1",
    port: 0,
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("advertises a 65 s keep-alive, not Node's default 5 s", async () => {
    if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;

    const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
      get(
        `http://127.0.0.1:${port}/`,
        { agent: false, headers: { connection: "keep-alive" } },
        (res) => {
          res.resume();
          resolve(res.headers["keep-alive"] as string | undefined);
        },
      ).on("error", reject);
    });

    assert.equal(keepAlive, "timeout=65");
    assert.ok(SERVER_TIMEOUTS.headersTimeout > SERVER_TIMEOUTS.keepAliveTimeout);
  });
});

// The face-service client over real sockets: a kept-alive socket the face service closed just as the next POST
// /kyc/verify went out (and a connection cut before any answer) is retried on a new connection with the same body;
// retries are bounded, an HTTP error status is not retried; and the API's own server keeps idle sockets for 65 s.
import assert from "node:assert/strict";
import { createServer, get, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { after, describe, it } from "node:test";
import { Hono } from "hono";
import { listen, SERVER_TIMEOUTS } from "../../src/http/listen.ts";
import { FaceServiceClient } from "../../src/kyc/face-service.ts";

const VERDICT = { verdict: "approved", reasons: [], evidenceHash: "ab".repeat(32) };
const INPUT = { selfie: "c2VsZmll", document: "ZG9jdW1lbnQ=", mrz: "P<UTOERIKSSON<<ANNA<MARIA" };

/** One request as the test face service saw it: which connection it came on, its body, and whether it was cut. */
interface Seen {
  socket: number;
  onReusedSocket: boolean;
  body: string;
  cut: boolean;
}

/**
 * A real HTTP server standing in for the face service's POST /kyc/verify. `cut(seen)` decides, once the request's
 * headers have arrived, whether the server destroys the socket without answering (what a client sees when the
 * server closed an idle keep-alive socket at the moment the request was sent); `status` is the answer otherwise.
 */
async function startFaceServer(options: {
  cut: (request: { index: number; onReusedSocket: boolean }) => boolean;
  status?: number;
  /** Sends the headers and the first bytes of the answer, then destroys the socket. */
  cutMidAnswer?: boolean;
}) {
  const seen: Seen[] = [];
  const sockets = new Map<Socket, { id: number; requests: number }>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const socket = sockets.get(req.socket) ?? { id: sockets.size + 1, requests: 0 };
    sockets.set(req.socket, socket);
    socket.requests += 1;
    const onReusedSocket = socket.requests > 1;
    if (options.cut({ index: seen.length, onReusedSocket })) {
      seen.push({ socket: socket.id, onReusedSocket, body: "", cut: true });
      req.socket.destroy();
      return;
    }
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      seen.push({ socket: socket.id, onReusedSocket, body, cut: false });
      const status = options.status ?? 200;
      const answer = JSON.stringify(status === 200 ? VERDICT : { error: "busy" });
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": answer.length,
      });
      if (!options.cutMidAnswer) return res.end(answer);
      res.write(answer.slice(0, 10), () => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Lets the client put the socket of the answered request back into its pool as idle (undici does so in a tick). */
const idle = () => new Promise((resolve) => setImmediate(resolve));

const expectedBody = JSON.stringify(INPUT);
const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
});

async function setUp(options: Parameters<typeof startFaceServer>[0]) {
  const face = await startFaceServer(options);
  const client = new FaceServiceClient(face.url, 10_000);
  closers.push(
    () => client.close(),
    () => face.close(),
  );
  return { face, client };
}

describe("face-service client", () => {
  it("retries on a new connection when the reused keep-alive socket was closed by the face service", async () => {
    const { face, client } = await setUp({ cut: ({ onReusedSocket }) => onReusedSocket });

    const first = await client.verify(INPUT);
    await idle();
    const second = await client.verify(INPUT);

    assert.deepEqual(first, VERDICT);
    assert.deepEqual(second, VERDICT);
    assert.deepEqual(
      face.seen.map(({ socket, onReusedSocket, cut }) => ({ socket, onReusedSocket, cut })),
      [
        { socket: 1, onReusedSocket: false, cut: false },
        { socket: 1, onReusedSocket: true, cut: true },
        { socket: 2, onReusedSocket: false, cut: false },
      ],
    );
    assert.equal(face.seen[2]?.body, expectedBody);
  });

  it("retries when the connection is closed on the first request without an answer", async () => {
    const { face, client } = await setUp({ cut: ({ index }) => index === 0 });

    const verdict = await client.verify(INPUT);

    assert.deepEqual(verdict, VERDICT);
    assert.deepEqual(
      face.seen.map((s) => s.cut),
      [true, false],
    );
    assert.equal(face.seen[1]?.body, expectedBody);
  });

  it("gives up after two retries when every attempt is cut", async () => {
    const { face, client } = await setUp({ cut: () => true });

    await assert.rejects(client.verify(INPUT), (err: Error & { code?: string }) => {
      assert.ok(
        ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(err.code ?? ""),
        `connection error expected, got ${err.code}: ${err.message}`,
      );
      return true;
    });
    assert.equal(face.seen.length, 3);
  });

  it("fails, rather than piece a verdict together, when the connection is cut mid-answer", async () => {
    const { client } = await setUp({ cut: () => false, cutMidAnswer: true });

    await assert.rejects(client.verify(INPUT), (err: Error & { code?: string }) => {
      assert.ok(err.code === "UND_ERR_REQ_RETRY" || err.code === "UND_ERR_SOCKET", err.message);
      return true;
    });
  });

  it("does not retry an HTTP error status", async () => {
    const { face, client } = await setUp({ cut: () => false, status: 503 });

    await assert.rejects(client.verify(INPUT), /face service answered 503/);
    assert.equal(face.seen.length, 1);
  });
});

describe("API server keep-alive", () => {
  it("keeps idle sockets for SERVER_TIMEOUTS.keepAliveTimeout (advertised), not Node's default 5 s", async () => {
    const app = new Hono().get("/", (c) => c.text("ok"));
    const server = listen(app.fetch, { hostname: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
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

    assert.equal(keepAlive, `timeout=${SERVER_TIMEOUTS.keepAliveTimeout / 1000}`);
    assert.ok(SERVER_TIMEOUTS.headersTimeout > SERVER_TIMEOUTS.keepAliveTimeout);
  });
});

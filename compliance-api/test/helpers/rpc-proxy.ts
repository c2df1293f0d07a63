// Test RPC proxy: an HTTP server in front of a test chain's JSON-RPC endpoint that can be stopped and started again on
// the same port (the chain's RPC going away and coming back), or made to lose the answers to eth_sendRawTransaction
// after the chain took the transaction (a connection cut while the node answered).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { freePort } from "./chain.ts";

export interface RpcProxy {
  url: string;
  /** Closes the port: every request is refused until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** While true, a request carrying eth_sendRawTransaction reaches the chain but its answer is cut off. */
  loseBroadcastAnswers: boolean;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts a proxy to `targetUrl` on a free port of 127.0.0.1. */
export async function startRpcProxy(targetUrl: string): Promise<RpcProxy> {
  const port = await freePort();
  const proxy: RpcProxy = {
    url: `http://127.0.0.1:${port}`,
    loseBroadcastAnswers: false,
    stop: () =>
      new Promise((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
        server = null;
      }),
    start: () => listen(),
  };
  let server: Server | null = null;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const answer = await fetch(targetUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const text = await answer.text();
    if (proxy.loseBroadcastAnswers && body.includes("eth_sendRawTransaction")) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json" }).end(text);
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((req, res) => {
        handle(req, res).catch(() => res.socket?.destroy());
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        server = s;
        resolve();
      });
    });
  await listen();
  return proxy;
}

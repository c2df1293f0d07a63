// Finds TCP ports for the stack: a free ephemeral port from the OS, or a check that a fixed port is still free.
import { createServer } from "node:net";

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("No port assigned"));
        else resolve(address.port);
      });
    });
  });
}

/** Whether nothing listens on `port` at 127.0.0.1. */
export async function isPortFree(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

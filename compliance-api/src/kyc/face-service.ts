// HTTP client of the face service's POST /kyc/verify: its own keep-alive pool, retried when a stale socket is reset.
import { Agent, type Dispatcher, interceptors, request } from "undici";

/**
 * An idle socket to the face service is closed by this client after at most this long, whatever `Keep-Alive:
 * timeout` the service advertises (undici would otherwise keep it until 2 s before that). The face service keeps idle
 * sockets for 65 s (face-service/src/http/listen.ts), so the client is the side that closes them, long before the
 * service could.
 */
export const FACE_CLIENT_IDLE_MS = 10_000;

/**
 * Retries after a connection error (at most 3 attempts). A reused keep-alive socket that the service closed at the
 * same moment fails with one of these codes before any response arrives; a fresh connection then succeeds.
 * ECONNREFUSED is not retried (the service is down: answer at once), nor is any HTTP status.
 */
export const FACE_CLIENT_RETRY = {
  maxRetries: 2,
  minTimeout: 100,
  timeoutFactor: 2,
  // POST is safe to repeat here: /kyc/verify computes a verdict from the images it is sent and stores nothing.
  methods: ["POST"],
  errorCodes: ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"],
  statusCodes: [],
} satisfies Parameters<typeof interceptors.retry>[0];

/** What /kyc/verify is sent: base64 images and the optional MRZ text. */
export interface FaceVerifyInput {
  selfie: string;
  document: string;
  mrz?: string | undefined;
}

/** Client of one face service (`baseUrl`); `close()` releases its sockets. */
export class FaceServiceClient {
  readonly #url: URL;
  readonly #agent = new Agent({ keepAliveMaxTimeout: FACE_CLIENT_IDLE_MS });
  readonly #dispatcher: Dispatcher = this.#agent.compose(interceptors.retry(FACE_CLIENT_RETRY));

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.#url = new URL("/kyc/verify", baseUrl);
  }

  /**
   * POSTs the images and resolves with the parsed JSON answer (not yet checked). Rejects on a connection error that
   * persisted through the retries, a timeout, a non-2xx status or a body that is not JSON.
   */
  async verify(input: FaceVerifyInput): Promise<unknown> {
    const res = await request(this.#url, {
      dispatcher: this.#dispatcher,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        selfie: input.selfie,
        document: input.document,
        ...(input.mrz ? { mrz: input.mrz } : {}),
      }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump();
      throw new Error(`face service answered ${res.statusCode}`);
    }
    return res.body.json();
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

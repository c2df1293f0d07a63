// Staff sign-in with Ethereum (SIWE, EIP-4361): nonces, message verification, sessions and roles from config.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { type Address, getAddress, type Hex, verifyMessage } from "viem";
import {
  createSiweMessage,
  generateSiweNonce,
  parseSiweMessage,
  validateSiweMessage,
} from "viem/siwe";
import type { Role } from "../api/schemas.ts";
import { appendAudit } from "../audit/log.ts";
import type { Chain } from "../chain/chain.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { staffNonces, staffSessions } from "../db/schema.ts";
import { ForbiddenError, InvalidRequestError, UnauthenticatedError } from "../errors.ts";

const NONCE_TTL_MS = 10 * 60_000;

/** A signed-in staff member. */
export interface Staff {
  address: string;
  roles: Role[];
}

/** Roles of `address` according to STAFF_ADMINS / STAFF_OFFICERS / STAFF_AUDITORS. */
export function rolesOf(address: string, staff: Config["staff"]): Role[] {
  const a = address.toLowerCase();
  const roles: Role[] = [];
  if (staff.admins.includes(a)) roles.push("admin");
  if (staff.officers.includes(a)) roles.push("officer");
  if (staff.auditors.includes(a)) roles.push("auditor");
  return roles;
}

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export class StaffAuth {
  constructor(
    private readonly config: Config,
    private readonly db: Db,
    private readonly chain: Chain,
    private readonly onWrite: () => void,
  ) {}

  /** A fresh SIWE message for `address` to sign (the nonce is single-use and valid 10 minutes). */
  async challenge(address: string): Promise<{ nonce: string; message: string; expiresAt: string }> {
    const nonce = generateSiweNonce();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + NONCE_TTL_MS);
    await this.db.insert(staffNonces).values({ nonce, expiresAt });
    const message = createSiweMessage({
      address: getAddress(address),
      chainId: this.config.chain.chainId,
      domain: this.config.staff.siweDomain,
      uri: this.config.staff.siweUri,
      nonce,
      version: "1",
      statement: "Sign in to the CLXEND compliance console.",
      issuedAt: now,
      expirationTime: expiresAt,
    });
    return { nonce, message, expiresAt: expiresAt.toISOString() };
  }

  /** Verifies a signed SIWE message, uses up its nonce and opens a session for a configured staff member. */
  async signIn(
    message: string,
    signature: Hex,
  ): Promise<{ token: string; address: Address; roles: Role[]; expiresAt: string }> {
    const fields = parseSiweMessage(message);
    if (!fields.address || !fields.nonce) {
      throw new InvalidRequestError(
        "SIWE_MALFORMED",
        "The message is not a Sign-In with Ethereum message; request one from /v1/auth/nonce.",
      );
    }
    if (
      !validateSiweMessage({ message: fields, domain: this.config.staff.siweDomain }) ||
      fields.chainId !== this.config.chain.chainId
    ) {
      throw new UnauthenticatedError(
        "The sign-in message is expired or for another domain or chain; request a new one.",
      );
    }
    const valid =
      (await verifyMessage({ address: fields.address, message, signature }).catch(() => false)) ||
      (await this.chain.client.verifySiweMessage({ message, signature }).catch(() => false));
    if (!valid)
      throw new UnauthenticatedError("The signature does not match the message and address.");
    const roles = rolesOf(fields.address, this.config.staff);
    if (roles.length === 0)
      throw new ForbiddenError("NOT_STAFF", "This wallet is not configured as staff.");
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + this.config.staff.sessionMs);
    const address = fields.address.toLowerCase();
    await this.db.transaction(async (tx) => {
      const used = await tx
        .update(staffNonces)
        .set({ usedAt: sql`now()` })
        .where(
          and(
            eq(staffNonces.nonce, fields.nonce as string),
            isNull(staffNonces.usedAt),
            gt(staffNonces.expiresAt, sql`now()`),
          ),
        )
        .returning({ nonce: staffNonces.nonce });
      if (used.length === 0)
        throw new UnauthenticatedError(
          "The sign-in nonce is unknown, used or expired; request a new one.",
        );
      await tx.insert(staffSessions).values({ tokenHash: tokenHash(token), address, expiresAt });
      await appendAudit(tx, { kind: "staff.signed_in", actor: address, data: { roles } });
    });
    this.onWrite();
    return { token, address: getAddress(address), roles, expiresAt: expiresAt.toISOString() };
  }

  /** The staff member behind a bearer token, with roles as configured now (so config changes apply at once). */
  async authenticate(authorization: string | undefined): Promise<Staff> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? "")?.[1];
    if (!token) throw new UnauthenticatedError();
    const [session] = await this.db
      .select({ address: staffSessions.address })
      .from(staffSessions)
      .where(
        and(eq(staffSessions.tokenHash, tokenHash(token)), gt(staffSessions.expiresAt, sql`now()`)),
      );
    if (!session)
      throw new UnauthenticatedError("The session is unknown or expired; sign in again.");
    const roles = rolesOf(session.address, this.config.staff);
    if (roles.length === 0)
      throw new ForbiddenError("NOT_STAFF", "This wallet is no longer configured as staff.");
    return { address: session.address, roles };
  }
}

/** Throws 403 unless `staff` has one of `allowed`. */
export function requireRole(staff: Staff, allowed: Role[]): void {
  if (!staff.roles.some((r) => allowed.includes(r))) {
    throw new ForbiddenError(
      "ROLE_REQUIRED",
      `This needs one of the roles: ${allowed.join(", ")}.`,
      { required: allowed },
    );
  }
}

// Handlers for identity events: KYC attestations, did:ethr owners, delegates and attributes, merchants, audit anchors.
import { ponder } from "ponder:registry";
import { auditAnchor, didAttribute, didDelegate, kycAttestation, merchant } from "ponder:schema";
import { keccak256 } from "viem";
import { KYB_STATUSES } from "../lib/abis.ts";
import { changeAccount, logId, recordBlock } from "./common.ts";

ponder.on("KycRegistry:KycAttested", async ({ event, context }) => {
  const { subject, level, expiresAt, evidenceHash, provider } = event.args;
  await recordBlock(event, context);

  await context.db.insert(kycAttestation).values({
    chainId: context.chain.id,
    id: logId(event),
    subject,
    kind: "attested",
    level,
    expiresAt,
    evidenceHash,
    provider,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await changeAccount(context, subject, () => ({
    kycLevel: level,
    kycExpiresAt: expiresAt,
    kycProvider: provider,
    kycEvidenceHash: evidenceHash,
  }));
});

ponder.on("KycRegistry:KycRevoked", async ({ event, context }) => {
  const { subject, reasonHash, provider } = event.args;
  await recordBlock(event, context);

  await context.db.insert(kycAttestation).values({
    chainId: context.chain.id,
    id: logId(event),
    subject,
    kind: "revoked",
    level: 0,
    expiresAt: 0n,
    reasonHash,
    provider,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  // The registry deletes the attestation on revocation.
  await changeAccount(context, subject, () => ({
    kycLevel: 0,
    kycExpiresAt: 0n,
    kycProvider: null,
    kycEvidenceHash: null,
  }));
});

ponder.on("DIDRegistry:DIDOwnerChanged", async ({ event, context }) => {
  const { identity, owner } = event.args;
  await recordBlock(event, context);

  await changeAccount(context, identity, () => ({
    didOwner: owner,
    didChangedBlock: event.block.number,
  }));
});

ponder.on("DIDRegistry:DIDDelegateChanged", async ({ event, context }) => {
  const { identity, delegateType, delegate, validTo } = event.args;
  await recordBlock(event, context);

  await context.db
    .insert(didDelegate)
    .values({
      chainId: context.chain.id,
      identity,
      delegateType,
      delegate,
      validTo,
      changedBlock: event.block.number,
    })
    .onConflictDoUpdate({ validTo, changedBlock: event.block.number });
  await changeAccount(context, identity, () => ({ didChangedBlock: event.block.number }));
});

ponder.on("DIDRegistry:DIDAttributeChanged", async ({ event, context }) => {
  const { identity, name, value, validTo } = event.args;
  await recordBlock(event, context);

  await context.db
    .insert(didAttribute)
    .values({
      chainId: context.chain.id,
      identity,
      name,
      valueHash: keccak256(value),
      value,
      validTo,
      changedBlock: event.block.number,
    })
    .onConflictDoUpdate({ validTo, changedBlock: event.block.number });
  await changeAccount(context, identity, () => ({ didChangedBlock: event.block.number }));
});

ponder.on("MerchantRegistry:MerchantRegistered", async ({ event, context }) => {
  const { merchantId, owner, payout, did, category, displayNameHash } = event.args;
  await recordBlock(event, context);

  await context.db.insert(merchant).values({
    chainId: context.chain.id,
    merchantId,
    owner,
    payout,
    did,
    category,
    displayNameHash,
    feeBps: 0,
    kybStatus: "pending",
    registeredBlock: event.block.number,
    updatedBlock: event.block.number,
  });
});

ponder.on("MerchantRegistry:MerchantPayoutChanged", async ({ event, context }) => {
  await recordBlock(event, context);
  // A new payout wallet sends the merchant back to KYB review.
  await context.db
    .update(merchant, { chainId: context.chain.id, merchantId: event.args.merchantId })
    .set({ payout: event.args.newPayout, kybStatus: "pending", updatedBlock: event.block.number });
});

ponder.on("MerchantRegistry:MerchantKybStatusChanged", async ({ event, context }) => {
  await recordBlock(event, context);
  const kybStatus = KYB_STATUSES[event.args.newStatus] ?? "none";
  await context.db
    .update(merchant, { chainId: context.chain.id, merchantId: event.args.merchantId })
    .set({ kybStatus, updatedBlock: event.block.number });
});

ponder.on("MerchantRegistry:MerchantFeeChanged", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db
    .update(merchant, { chainId: context.chain.id, merchantId: event.args.merchantId })
    .set({ feeBps: event.args.newFeeBps, updatedBlock: event.block.number });
});

ponder.on("AuditAnchor:AuditAnchored", async ({ event, context }) => {
  await recordBlock(event, context);
  await context.db.insert(auditAnchor).values({
    chainId: context.chain.id,
    sequence: event.args.sequence,
    headHash: event.args.headHash,
    anchorer: event.args.anchorer,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

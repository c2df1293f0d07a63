// The demo accounts of the local chain: anvil's well-known development keys (public knowledge, local use only),
// and which CLXEND role each one plays in the seeded demo world.
import { type Hex, toHex } from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";

/** The mnemonic anvil and Hardhat derive their development accounts from. Everybody knows it. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * Demo role → index of anvil's development account.
 * - admin: DEFAULT_ADMIN_ROLE on every contract, pauser, token manager, TestStablecoin owner, deployer.
 * - compliance: COMPLIANCE_SIGNER_ROLE on Remittance (co-signs approvals).
 * - kycProvider: KYC_PROVIDER_ROLE on KycRegistry and COMPLIANCE_ROLE on MerchantRegistry (KYB decisions).
 * - anchorer: ANCHOR_ROLE on AuditAnchor.
 * - treasury: receives fees.
 * - alice: funded sender with KYC and a DID service endpoint; bob: KYC'd recipient; merchant: approved merchant.
 */
export const DEMO_ACCOUNT_INDEX = {
  admin: 0,
  compliance: 1,
  kycProvider: 2,
  anchorer: 3,
  treasury: 4,
  alice: 5,
  bob: 6,
  merchant: 7,
} as const;

export type DemoRole = keyof typeof DEMO_ACCOUNT_INDEX;

/**
 * Index of the development account that deploys the second local chain (`npm start -- --chains 2`), so that no
 * contract has the same address on both chains. It holds no role: every role comes from the parameters.
 */
export const SECOND_CHAIN_DEPLOYER_INDEX = 9;

export interface DemoAccount {
  role: DemoRole;
  index: number;
  account: HDAccount;
  privateKey: Hex;
}

/** Every demo account, derived from the development mnemonic. */
export function demoAccounts(): Record<DemoRole, DemoAccount> {
  const entries = Object.entries(DEMO_ACCOUNT_INDEX).map(([role, index]) => {
    const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
    const key = account.getHdKey().privateKey;
    if (key === null) throw new Error(`No private key derived for development account ${index}`);
    return [role, { role: role as DemoRole, index, account, privateKey: toHex(key) }];
  });
  return Object.fromEntries(entries) as Record<DemoRole, DemoAccount>;
}

/** The loud warning printed next to the demo keys. */
export const DEMO_KEY_WARNING =
  "WARNING: these are anvil's publicly known development keys. They are for the LOCAL demo chain only. " +
  "Never send real funds to them and never use them on a public network.";

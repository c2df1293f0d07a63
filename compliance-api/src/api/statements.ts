// Texts that wallets sign for the service (shared by the server and the typed client).

/** The EIP-191 statement a wallet signs to ask for KYC verification of itself. */
export function kycStatement(subject: string, issuedAt: string): string {
  return `CLXEND KYC verification request\nWallet: ${subject.toLowerCase()}\nIssued at: ${issuedAt}`;
}

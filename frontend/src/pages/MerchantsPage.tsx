// Merchants: the directory of approved merchants read from the MerchantRegistry of the chain the app shows, and
// paying one there (merchant payments do not cross chains; the compliance API refuses them).
import { Section } from "../components/Section.tsx";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { usePublicClient } from "wagmi";
import { useApp } from "../AppContext.tsx";
import { KYB_STATUS, merchantRegistryAbi } from "../chain/abis.ts";
import { RequireWallet } from "../components/RequireWallet.tsx";
import { ErrorNote, Pending } from "../components/Status.tsx";
import { type MerchantTarget, TransferFlow } from "../components/TransferFlow.tsx";
import { didOf, shortAddress } from "../lib/format.ts";

/** Category codes of the MerchantRegistry as the app names them (ISO 18245 groups; unknown codes show as numbers). */
const CATEGORY_NAMES: Record<number, string> = {
  5411: "Groceries",
  5812: "Restaurants",
  5999: "Retail",
  4829: "Money transfer",
  8299: "Education",
  8062: "Health",
};

export default function MerchantsPage() {
  const { chainId } = useApp();
  // Merchant ids are per chain: another network shows its own directory, with no payment under way.
  return <MerchantDirectory key={chainId} />;
}

function MerchantDirectory() {
  const { config, chainId } = useApp();
  const publicClient = usePublicClient({ chainId });
  const registry = config.addressBook.contracts.MerchantRegistry.address;
  const [paying, setPaying] = useState<MerchantTarget | null>(null);
  const merchants = useQuery({
    queryKey: ["merchants", chainId, registry],
    enabled: Boolean(publicClient),
    queryFn: async () => {
      if (!publicClient) return [];
      const count = await publicClient.readContract({
        address: registry,
        abi: merchantRegistryAbi,
        functionName: "merchantCount",
      });
      const ids = Array.from({ length: Number(count) }, (_, index) => BigInt(index + 1));
      const rows = await Promise.all(
        ids.map(async (id) => ({
          id,
          ...(await publicClient.readContract({
            address: registry,
            abi: merchantRegistryAbi,
            functionName: "merchantOf",
            args: [id],
          })),
        })),
      );
      return rows.filter((row) => KYB_STATUS[row.status] === "Approved");
    },
  });

  return (
    <Section title="Merchants">
      <p className="lead">Businesses that passed verification (KYB) and accept payments here.</p>
      {merchants.isPending ? <Pending>Loading the merchant directory…</Pending> : null}
      {merchants.error ? (
        <ErrorNote error={merchants.error} onRetry={() => merchants.refetch()} />
      ) : null}
      {merchants.data?.length === 0 ? <p>No approved merchants yet.</p> : null}
      <ul className="merchant-list">
        {merchants.data?.map((merchant) => {
          const label = `Merchant #${merchant.id}`;
          return (
            <li key={merchant.id.toString()} className="card merchant">
              <h2>{label}</h2>
              <p>{CATEGORY_NAMES[merchant.category] ?? `Category ${merchant.category}`}</p>
              <p className="mono small break" title={didOf(chainId, merchant.did)}>
                {didOf(chainId, merchant.did)}
              </p>
              <p>
                Fee {(merchant.feeBps / 100).toFixed(2)}% · payout {shortAddress(merchant.payout)}
              </p>
              <button
                type="button"
                onClick={() => setPaying({ id: merchant.id, payout: merchant.payout, label })}
              >
                Pay {label}
              </button>
            </li>
          );
        })}
      </ul>
      {paying ? (
        <Section level={2} title={<>Pay {paying.label}</>}>
          <RequireWallet purpose="pay">
            {(address) => (
              <TransferFlow key={paying.id.toString()} sender={address} merchant={paying} />
            )}
          </RequireWallet>
        </Section>
      ) : null}
    </Section>
  );
}

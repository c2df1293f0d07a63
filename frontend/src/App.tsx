// The app: providers (wagmi, TanStack Query, app services), the router and the screens.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useMemo } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { WagmiProvider } from "wagmi";
import { AppProvider } from "./AppContext.tsx";
import { Layout } from "./components/Layout.tsx";
import { Pending } from "./components/Status.tsx";
import { CONNECT_HELP_PATH } from "./components/WalletBar.tsx";
import type { RuntimeConfig } from "./config/runtime.ts";
import { createWagmiConfig } from "./config/wagmi.ts";
import { HomePage } from "./pages/HomePage.tsx";
import { SendPage } from "./pages/SendPage.tsx";

// Screens off the main path load on demand, so the first page stays small.
const VerifyPage = lazy(() => import("./pages/VerifyPage.tsx"));
const IdentityPage = lazy(() => import("./pages/IdentityPage.tsx"));
const ClaimPage = lazy(() => import("./pages/ClaimPage.tsx"));
const HistoryPage = lazy(() => import("./pages/HistoryPage.tsx"));
const MerchantsPage = lazy(() => import("./pages/MerchantsPage.tsx"));
const StaffPage = lazy(() => import("./pages/StaffPage.tsx"));
const TransactionPage = lazy(() => import("./pages/TransactionPage.tsx"));
const WalletHelpPage = lazy(() => import("./pages/WalletHelpPage.tsx"));

export function App(props: { config: RuntimeConfig }) {
  const wagmiConfig = useMemo(() => createWagmiConfig(props.config), [props.config]);
  const queryClient = useMemo(
    () =>
      new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
    [],
  );
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <AppProvider config={props.config}>
          <BrowserRouter>
            <Layout>
              <Suspense fallback={<Pending>Loading…</Pending>}>
                <Routes>
                  <Route path="/" element={<HomePage />} />
                  <Route path="/verify" element={<VerifyPage />} />
                  <Route path="/identity" element={<IdentityPage />} />
                  <Route path="/send" element={<SendPage />} />
                  <Route path="/pay/:recipient" element={<SendPage />} />
                  <Route path="/claim" element={<ClaimPage />} />
                  <Route path="/history" element={<HistoryPage />} />
                  <Route path="/merchants" element={<MerchantsPage />} />
                  <Route path="/staff" element={<StaffPage />} />
                  <Route path="/tx/:hash" element={<TransactionPage />} />
                  <Route path={CONNECT_HELP_PATH} element={<WalletHelpPage />} />
                  <Route path="*" element={<p>This page does not exist.</p>} />
                </Routes>
              </Suspense>
            </Layout>
          </BrowserRouter>
        </AppProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

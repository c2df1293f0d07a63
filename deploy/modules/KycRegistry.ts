// Ignition module: KycRegistry with its admin and KYC provider taken from the network's parameters.
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("KycRegistry", (m) => {
  const kycRegistry = m.contract("KycRegistry", [
    m.getParameter<string>("admin"),
    m.getParameter<string>("kycProvider"),
  ]);
  return { kycRegistry };
});

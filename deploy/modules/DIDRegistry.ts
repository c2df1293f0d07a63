// Ignition module: the unmodified EthereumDIDRegistry from the ethr-did-registry package (no constructor arguments).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

export default buildModule("DIDRegistry", (m) => {
  const didRegistry = m.contract("EthereumDIDRegistry");
  return { didRegistry };
});

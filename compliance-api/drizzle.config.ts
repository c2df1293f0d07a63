// drizzle-kit configuration: `npm run db:generate -w @clxend/compliance-api` writes migrations from src/db/schema.ts.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
});

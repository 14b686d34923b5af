// The API's router. The dashboard imports only its type (`AppRouter`), never a copy.
// Every procedure is listed in the role matrix of docs/api.md and test/api/matrix.test.ts.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { benchmarkRouter } from "./routers/benchmark";
import { catalogueRouter } from "./routers/catalogue";
import { compareRouter } from "./routers/compare";
import { exportsRouter } from "./routers/exports";
import { complianceRouter } from "./routers/compliance";
import { indicatorsRouter } from "./routers/indicators";
import { ingestRouter } from "./routers/ingest";
import { recommendationsRouter } from "./routers/recommendations";
import { qualityRouter } from "./routers/quality";
import { router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  catalogue: catalogueRouter,
  indicators: indicatorsRouter,
  compare: compareRouter,
  benchmark: benchmarkRouter,
  recommendations: recommendationsRouter,
  compliance: complianceRouter,
  ingest: ingestRouter,
  admin: adminRouter,
  exports: exportsRouter,
  quality: qualityRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

import { z } from 'zod';

const checks = z.record(z.string(), z.string()).describe('check name → "up", or "down: <why>"');

/** `GET /health/live`: 200 with status ok, 503 with status failing. */
export const livenessReportView = z.object({ status: z.enum(['ok', 'failing']), checks });
export type LivenessReport = z.output<typeof livenessReportView>;

/** `GET /health/ready`: 200 when ready, 503 otherwise (`shutdown` is down while draining). */
export const readinessReportView = z.object({ ready: z.boolean(), checks });
export type ReadinessReport = z.output<typeof readinessReportView>;

/** Why a sandbox run failed: something the sandbox cannot imitate yet, or the query itself failing on the data. */

/** AMC has it, the offline sandbox does not (yet): the run ends FAILED with `SANDBOX_UNSUPPORTED: <message>`. */
export class SandboxUnsupported extends Error {}

/** The query failed while running over the synthetic data (e.g. a cast of a value that is not a number). */
export class SandboxQueryError extends Error {}

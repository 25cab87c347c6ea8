/**
 * Scores a batch of candidate pipelines on a client: one `evaluateCandidate` task each (the
 * dashboard shows them as that group), all sharing one SharedData. Results come back in
 * submission order. Past the search's deadline, candidates not yet finished are cancelled and
 * scored -Infinity ("the search's time ran out").
 */
import type { Client, OpRef } from '@floe/scheduler';
import { mlModule } from '../module-url.js';
import type { CandidateResult } from '../ops/evaluate-candidate.js';
import type { PipelineSpec } from './pipeline-spec.js';
import type { SharedData } from './shared-data.js';

export const EVALUATE_CANDIDATE: OpRef = { module: mlModule('ops/evaluate-candidate'), export: 'evaluateCandidate' };

export async function runCandidates(client: Client, data: SharedData, specs: PipelineSpec[], maxEvalMs: number, deadline: number): Promise<CandidateResult[]> {
  const futures = specs.map((spec) => client.submit<[SharedData, PipelineSpec, number], CandidateResult>(EVALUATE_CANDIDATE, data, spec, maxEvalMs));
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (Number.isFinite(deadline)) {
    timer = setTimeout(() => {
      for (const f of futures) f.cancel("the search's time (maxTimeMins) ran out");
    }, Math.max(0, deadline - performance.now()));
  }
  try {
    return await Promise.all(
      futures.map((f) =>
        f.result().then(
          (r) => r,
          (err: unknown) => ({ score: -Infinity, error: (err as Error)?.message ?? String(err), timedOut: f.status === 'cancelled', ms: 0 }),
        ),
      ),
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Do all contenders give the same answer? For every (query, input), the signatures of all
 * successful runs are clustered by equality (within tolerance); the largest cluster is taken as
 * the answer and every run outside it is a disagreement, reported loudly by the suite.
 */
import type { RunRecord } from '../measure/run-once.js';
import { compareSignatures, type Signature } from './signature.js';

export interface Disagreement {
  query: string;
  dataset: string;
  contender: string;
  run: number;
  /** Contenders whose answer was taken as the reference. */
  agreeing: string[];
  detail: string;
}

export interface AgreementReport {
  /** Per "query @ dataset": the contenders that agree with the reference answer. */
  agreed: Map<string, string[]>;
  disagreements: Disagreement[];
}

export function checkAgreement(records: readonly RunRecord[]): AgreementReport {
  const byCell = new Map<string, RunRecord[]>();
  const disagreements: Disagreement[] = [];
  for (const r of records) {
    if (r.status !== 'ok') continue;
    if (!r.signature) {
      // a run whose answer was never checked cannot count as agreeing
      disagreements.push({ query: r.query, dataset: r.dataset, contender: r.contender, run: r.run, agreeing: [], detail: 'no answer signature was recorded for this run' });
      continue;
    }
    const k = `${r.query} @ ${r.dataset}`;
    byCell.set(k, [...(byCell.get(k) ?? []), r]);
  }
  const agreed = new Map<string, string[]>();
  for (const [k, rs] of byCell) {
    const clusters: { sig: Signature; members: RunRecord[] }[] = [];
    for (const r of rs) {
      const home = clusters.find((c) => compareSignatures(c.sig, r.signature!) === null);
      if (home) home.members.push(r);
      else clusters.push({ sig: r.signature!, members: [r] });
    }
    const distinct = (c: { members: RunRecord[] }) => new Set(c.members.map((m) => m.contender)).size;
    clusters.sort((a, b) => distinct(b) - distinct(a) || b.members.length - a.members.length);
    const [ref, ...others] = clusters;
    const agreeing = [...new Set(ref.members.map((m) => m.contender))];
    agreed.set(k, agreeing);
    for (const c of others) {
      for (const m of c.members) {
        disagreements.push({ query: m.query, dataset: m.dataset, contender: m.contender, run: m.run, agreeing, detail: compareSignatures(ref.sig, m.signature!) ?? '' });
      }
    }
  }
  return { agreed, disagreements };
}

/** Renders a logical plan as an indented tree, top operator first. */
import { exprToString, frameToString } from './expr-node.js';
import { scanRequest, type LogicalPlan } from './logical-plan.js';
import { sourceOf } from '../io/source.js';

export function explainPlan(plan: LogicalPlan, depth = 0): string {
  const pad = '  '.repeat(depth);
  const line = (s: string): string => `${pad}${s}\n`;
  switch (plan.kind) {
    case 'scan': return line(sourceOf(plan.source).explain(plan.source, scanRequest(plan, null)));
    case 'filter': {
      // a source may prune partitions with the filter right above it (row-group statistics)
      const input = plan.input;
      const below = input.kind === 'scan' ? `${pad}  ${sourceOf(input.source).explain(input.source, scanRequest(input, plan.predicate))}\n` : explainPlan(input, depth + 1);
      return line(`Filter ${exprToString(plan.predicate)}`) + below;
    }
    case 'project': return line(`${plan.mode === 'select' ? 'Select' : 'WithColumns'} ${plan.exprs.map(exprToString).join(', ')}`) + explainPlan(plan.input, depth + 1);
    case 'aggregate': return line(`Aggregate keys [${plan.keys.map(exprToString).join(', ')}] aggs [${plan.aggs.map(exprToString).join(', ')}]`) + explainPlan(plan.input, depth + 1);
    case 'sort': return line(`Sort ${plan.by.map((b) => `${exprToString(b.expr)}${b.descending ? ' desc' : ''}`).join(', ')}`) + explainPlan(plan.input, depth + 1);
    case 'limit': return line(`Limit ${plan.n}${plan.offset ? ` offset ${plan.offset}` : ''}`) + explainPlan(plan.input, depth + 1);
    case 'groupHead': return line(`GroupHead ${plan.n} per key [${plan.keys.map(exprToString).join(', ')}]`) + explainPlan(plan.input, depth + 1);
    case 'window': {
      const calls = plan.calls.map((c) => {
        const order = c.orderBy.length > 0 ? ` order by ${c.orderBy.map((o) => `${o.name}${o.descending ? ' desc' : ''}`).join(', ')}` : '';
        return `${c.name} = ${c.fn}(${c.arg ?? ''}${c.n !== undefined ? `, ${c.n}` : ''})${order}${c.frame ? ` ${frameToString(c.frame)}` : ''}`;
      });
      return line(`Window [partition by ${plan.partitionBy.join(', ') || '(none)'}] ${calls.join(', ')}`) + explainPlan(plan.input, depth + 1);
    }
    case 'concat': return line(`Concat ${plan.inputs.length} frames`) + plan.inputs.map((p) => explainPlan(p, depth + 1)).join('');
    case 'join': {
      const on = plan.leftOn.map((l, k) => (l === plan.rightOn[k] ? l : `${l} = ${plan.rightOn[k]}`)).join(', ');
      return line(`Join ${plan.how} on ${on}${plan.nullsEqual === true ? ' (nulls equal)' : ''}`) + explainPlan(plan.left, depth + 1) + explainPlan(plan.right, depth + 1);
    }
  }
}

/** Every db-benchmark question by task, and lookup by id. */
import { GROUPBY_QUESTIONS } from './groupby-questions.js';
import { JOIN_QUESTIONS } from './join-questions.js';
import type { Question, Task } from './question.js';
import { WINDOW_QUESTIONS } from './window-questions.js';

export const QUESTIONS: Record<Task, readonly Question[]> = { groupby: GROUPBY_QUESTIONS, join: JOIN_QUESTIONS, window: WINDOW_QUESTIONS };

export function findQuestion(task: Task, id: string): Question {
  const found = QUESTIONS[task].find((q) => q.id === id);
  if (!found) throw new Error(`no ${task} question ${JSON.stringify(id)}; there are ${QUESTIONS[task].map((q) => q.id).join(', ')}`);
  return found;
}

// A run's verdicts as the terminal shows them after the summary table: a mark for the
// tone, the title, then the sentence wrapped under it.
import type { Verdict } from '../../src-shared/explain-run.ts';

const MARK = { good: '+', info: '-', warn: '!', bad: 'x' } as const;
const WIDTH = 96;

export function renderVerdicts(verdicts: readonly Verdict[]): string {
  if (verdicts.length === 0) return '';
  const lines = ['Verdicts:'];
  for (const v of verdicts) {
    lines.push(`  ${MARK[v.tone]} ${v.title}`);
    lines.push(wrap(v.sentence, WIDTH - 4, '    '));
    if (v.next) lines.push(wrap(`Next: ${v.next}`, WIDTH - 4, '    '));
  }
  return lines.join('\n');
}

/** Words onto lines of at most `width` characters, each after `indent` (a longer word keeps its own line). */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

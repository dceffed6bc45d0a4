// A study exported as JSON (the study with its analysis), CSV or Markdown (src-shared/study-report.ts).
import type { ExportPayload, StudyExportFormat } from '../../src-shared/contract.ts';
import { analyzeStudy } from '../../src-shared/study-analysis.ts';
import { studyCsv, studyMarkdown } from '../../src-shared/study-report.ts';
import type { StudyResult } from '../../src-shared/study-result.ts';
import { slug } from './export-names.ts';

export const STUDY_EXPORT_FORMAT = 'concurrency-lab-study';

export function exportStudy(study: StudyResult, format: StudyExportFormat, now: Date = new Date()): ExportPayload {
  const analysis = analyzeStudy(study);
  const base = `study-${slug(study.name)}-${study.studyId.slice(0, 8)}`;
  if (format === 'csv') return { fileName: `${base}.csv`, mimeType: 'text/csv', content: studyCsv(study, analysis) };
  if (format === 'md') return { fileName: `${base}.md`, mimeType: 'text/markdown', content: studyMarkdown(study, analysis) };
  const doc = { format: STUDY_EXPORT_FORMAT, version: study.version, exportedAt: now.toISOString(), study, analysis };
  return { fileName: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(doc, null, 2)}\n` };
}

// The built-in studies: each is a valid study, and each is estimated under about two
// minutes on a 2-core machine (the estimate of every run it makes, added up).
import { describe, expect, it } from 'vitest';
import { estimateRunMs } from '../../../src-shared/estimate.ts';
import { planStudy } from '../../../src-shared/study.ts';
import { getStudyPreset, listStudyPresets } from '../../../src-main/engine/study-presets.ts';

describe('study presets', () => {
  it('are the five of the issue, each valid and estimated under 2 minutes on 2 cores', () => {
    const presets = listStudyPresets();
    expect(presets.map((p) => p.name)).toEqual(['classic-table-node', 'classic-table-python', 'break-even-node', 'break-even-python', 'cpu-share-python']);
    for (const p of presets) {
      const plan = planStudy(p.study);
      expect(plan.ok, p.name).toBe(true);
      if (!plan.ok) continue;
      const total = plan.value.members.reduce((ms, m) => ms + estimateRunMs(m.spec, 2)!, 0);
      expect(total, p.name).toBeLessThan(120_000);
    }
    expect(getStudyPreset('break-even-node')?.study.vary.axis).toBe('taskMs');
    expect(getStudyPreset('../etc')).toBeUndefined();
    expect(getStudyPreset('no-such')).toBeUndefined();
  });
});

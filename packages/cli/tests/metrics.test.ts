import { describe, expect, it } from 'vitest';
import { prometheusText } from '../src/metrics.js';

describe('status as Prometheus text', () => {
  it('writes each count as a labelled gauge with HELP and TYPE, and the last run', () => {
    const text = prometheusText({
      requests: { total: 3, by_status: { open: 2, offered: 1 }, by_hub: { 'kent-sussex': { open: 2 } } },
      queues: { intake: { waiting: 4, failed: 0 } },
      last_run: {
        id: 'run-1',
        started_at: '2026-11-24T02:00:00.000Z',
        finished_at: '2026-11-24T02:00:30.000Z',
        solver: 'engine',
        policy_version: '',
        status: 'finished',
        failed_components: [],
        inputs: { organisations: 1, ambassadors: 2, requests: 3, history: 0 },
        outcome: { filled: 1, priority_filled: 0, unfilled: 2, assignments: 1, unfilled_by_reason: {} },
      },
    });
    const lines = text.trim().split('\n');
    expect(lines).toContain('# TYPE stem_requests gauge');
    expect(lines).toContain('stem_requests{status="open"} 2');
    expect(lines).toContain('stem_hub_requests{hub="kent-sussex",status="open"} 2');
    expect(lines).toContain('stem_queue_jobs{queue="intake",state="waiting"} 4');
    expect(lines).toContain('stem_last_run_info{status="finished"} 1');
    expect(lines).toContain(
      `stem_last_run_finished_timestamp_seconds ${Date.parse('2026-11-24T02:00:30Z') / 1000}`,
    );
    expect(lines).toContain('stem_last_run_filled 1');
    // Every sample belongs to a metric announced just before it.
    let announced = '';
    for (const line of lines) {
      if (line.startsWith('# TYPE ')) announced = line.split(' ')[2]!;
      else if (!line.startsWith('#')) expect(line.split(/[{ ]/)[0]).toBe(announced);
    }
  });

  it('escapes label values and leaves out a run that has not happened', () => {
    const text = prometheusText({
      requests: { total: 0, by_status: {}, by_hub: { 'a"b\\c\nd': { open: 0 } } },
      queues: {},
      last_run: null,
    });
    expect(text).toContain('stem_hub_requests{hub="a\\"b\\\\c\\nd",status="open"} 0');
    expect(text).not.toContain('stem_last_run');
  });
});

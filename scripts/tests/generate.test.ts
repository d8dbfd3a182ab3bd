import { ActivityRequest, Ambassador, Employer, HistoryRecord, Hub, Organisation } from '@stem-match/domain';
import { describe, expect, it } from 'vitest';
import { generateDataset } from '../src/index.js';

const TODAY = '2026-11-24';
const share = <T>(xs: readonly T[], test: (x: T) => boolean) => xs.filter(test).length / xs.length;

describe('generateDataset', () => {
  it('is deterministic for a seed and date, and differs for another seed', () => {
    const a = generateDataset({ scale: 'small', seed: 7, today: TODAY });
    expect(generateDataset({ scale: 'small', seed: 7, today: TODAY })).toEqual(a);
    expect(generateDataset({ scale: 'small', seed: 8, today: TODAY })).not.toEqual(a);
  });

  it('with a demand factor, keeps everything but the requests and multiplies those', () => {
    const base = generateDataset({ scale: 'small', seed: 7, today: TODAY });
    const more = generateDataset({ scale: 'small', seed: 7, today: TODAY, demandFactor: 3 });
    const { requests, ...supply } = base;
    const { requests: moreRequests, ...sameSupply } = more;
    expect(sameSupply).toEqual(supply);
    expect(moreRequests).toHaveLength(3 * requests.length);
    const organisations = new Set(base.organisations.map((o) => o.id));
    for (const r of moreRequests) {
      ActivityRequest.parse(r);
      expect(organisations.has(r.organisation_id)).toBe(true);
    }
  });

  it('writes only records the domain schemas accept, with every reference resolved', () => {
    const d = generateDataset({ scale: 'region', seed: 1, today: TODAY });
    for (const h of d.hubs) Hub.parse(h);
    for (const o of d.organisations) Organisation.parse(o);
    for (const a of d.ambassadors) Ambassador.parse(a);
    for (const r of d.requests) ActivityRequest.parse(r);
    for (const h of d.history) HistoryRecord.parse(h);
    const hubs = new Set(d.hubs.map((h) => h.id));
    const orgs = new Set(d.organisations.map((o) => o.id));
    const ambs = new Set(d.ambassadors.map((a) => a.id));
    expect(d.organisations.every((o) => hubs.has(o.hub))).toBe(true);
    expect(d.requests.every((r) => orgs.has(r.organisation_id) && hubs.has(r.hub))).toBe(true);
    expect(d.history.every((h) => orgs.has(h.organisation_id) && ambs.has(h.ambassador_id))).toBe(true);
    expect(new Set(d.requests.map((r) => r.id)).size).toBe(d.requests.length);
    // Budgets for employers that exist on ambassadors' records, each named once.
    const employers = new Set(d.ambassadors.map((a) => a.employer));
    expect(d.employers?.length).toBeGreaterThan(0);
    for (const e of d.employers ?? []) {
      Employer.parse(e);
      expect(employers.has(e.employer)).toBe(true);
    }
    expect(new Set(d.employers?.map((e) => e.employer)).size).toBe(d.employers?.length);
  });

  it('has the programme’s proportions at national scale', { timeout: 30_000 }, () => {
    const start = performance.now();
    const d = generateDataset({ scale: 'national', seed: 1, today: TODAY });
    console.log(`national generation: ${Math.round(performance.now() - start)} ms`);
    expect(d.hubs).toHaveLength(20);
    expect(d.organisations).toHaveLength(24_000);
    expect(d.ambassadors).toHaveLength(30_000);
    expect(d.requests).toHaveLength(5000);
    const kind = (k: string) => share(d.organisations, (o) => o.kind === k);
    expect(kind('primary')).toBeGreaterThan(0.65);
    expect(kind('primary')).toBeLessThan(0.75);
    expect(kind('secondary')).toBeGreaterThan(0.11);
    expect(kind('secondary')).toBeLessThan(0.17);
    expect(kind('special')).toBeGreaterThan(0.03);
    expect(kind('college')).toBeGreaterThan(0.015);
    const priority = share(d.organisations, (o) => o.priority);
    expect(priority).toBeGreaterThan(0.2);
    expect(priority).toBeLessThan(0.25);
    // Priority Schools are likelier on the coast and in the country.
    const coastalRural = d.organisations.filter(
      (o) => o.tags.includes('coastal') || o.tags.includes('rural'),
    );
    expect(share(coastalRural, (o) => o.priority)).toBeGreaterThan(priority);
    const online = share(d.ambassadors, (a) => a.online);
    expect(online).toBeGreaterThan(0.25);
    expect(online).toBeLessThan(0.35);
    expect(share(d.ambassadors, (a) => a.dbs_status === 'cleared')).toBeGreaterThan(0.8);
    const activity = (t: string) => share(d.requests, (r) => r.activity_type === t);
    expect(activity('hands_on_practical')).toBeGreaterThan(activity('careers_talk'));
    expect(activity('careers_talk')).toBeGreaterThan(activity('mentoring'));
    expect(activity('educator_cpd')).toBeLessThan(0.05);
    const series = share(d.requests, (r) => r.sessions > 1);
    expect(series).toBeGreaterThan(0.1);
    expect(series).toBeLessThan(0.2);
    expect(share(d.requests, (r) => r.needed > 1)).toBeGreaterThan(0.15);
    // Some DBS checks lapse inside request windows.
    const lapsing = d.ambassadors.filter(
      (a) => a.dbs_expires && a.dbs_expires > TODAY && a.dbs_expires < '2027-03-01',
    );
    expect(lapsing.length).toBeGreaterThan(500);
    // Only a minority of ambassadors were active last year (the programme reports 38%).
    const active = new Set(d.history.map((h) => h.ambassador_id)).size / d.ambassadors.length;
    expect(active).toBeGreaterThan(0.3);
    expect(active).toBeLessThan(0.45);
    // Cities hold most ambassadors: the five most served places have more than a third.
    const byHub = new Map<string, number>();
    for (const a of d.ambassadors) byHub.set(a.hub, (byHub.get(a.hub) ?? 0) + 1);
    expect(Math.max(...byHub.values()) / d.ambassadors.length).toBeGreaterThan(0.1);
  });
});

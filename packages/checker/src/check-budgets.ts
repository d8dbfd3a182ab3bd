import { academicYearOfDay, BOOKING_STATUSES, type Employer, toLondonWallClock } from '@stem-match/domain';
import { getOrSet } from './calendar.js';
import type { CheckContext } from './context.js';
import type { AssignmentRow } from './types.js';

/**
 * Employers' volunteering days as the data says: one day per session, per academic year
 * (1 September to 31 August), existing bookings of the employer's ambassadors plus this run's.
 */
export class EmployerDays {
  private readonly budget = new Map<string, number>();
  /** Ambassador id -> employer name, for ambassadors whose employer has a budget. */
  private readonly employerOf = new Map<string, string>();
  private readonly existing = new Map<string, Map<number, number>>();
  private readonly run = new Map<string, Map<number, string[]>>();

  constructor(ctx: CheckContext, employers: readonly Employer[], assignments: readonly AssignmentRow[]) {
    for (const e of employers) this.budget.set(e.employer, e.volunteering_days_per_year);
    for (const a of ctx.ambassadors.values()) {
      const name = a.employer?.trim();
      if (name !== undefined && this.budget.has(name)) this.employerOf.set(a.id, name);
    }
    for (const h of ctx.history) {
      const name = this.employerOf.get(h.ambassador_id);
      if (name === undefined || !BOOKING_STATUSES.includes(h.status)) continue;
      const year = academicYearOfDay(toLondonWallClock(h.start).day);
      const byYear = getOrSet(this.existing, name, () => new Map<number, number>());
      byYear.set(year, (byYear.get(year) ?? 0) + 1);
    }
    const seen = new Set<string>();
    for (const r of assignments) {
      const name = this.employerOf.get(r.ambassador_id);
      const key = `${r.ambassador_id}\u0000${r.request_id}\u0000${r.session}`;
      if (name === undefined || seen.has(key)) continue;
      seen.add(key);
      const day = toLondonWallClock(r.start).day;
      if (!Number.isFinite(day)) continue; // an invalid time is reported by the time rules
      const byYear = getOrSet(this.run, name, () => new Map<number, string[]>());
      getOrSet(byYear, academicYearOfDay(day), () => []).push(
        `${r.request_id}#${r.session}/${r.ambassador_id}`,
      );
    }
  }

  /** The budgeted employer of an ambassador, if any. */
  employerOfAmbassador(ambassadorId: string): string | undefined {
    return this.employerOf.get(ambassadorId);
  }

  /** Days booked (existing + this run) against the budget in an academic year, and the budget. */
  use(employer: string, year: number): { existing: number; run: number; days: number } {
    return {
      existing: this.existing.get(employer)?.get(year) ?? 0,
      run: this.run.get(employer)?.get(year)?.length ?? 0,
      days: this.budget.get(employer) ?? Number.POSITIVE_INFINITY,
    };
  }

  /** Every budget the run exceeds: only where this run's sessions push the year over. */
  check(ctx: CheckContext): void {
    for (const [employer, byYear] of this.run) {
      for (const [year, held] of byYear) {
        const { existing, days } = this.use(employer, year);
        if (existing + held.length <= days) continue;
        ctx.log.add(
          'over_employer_budget',
          {},
          `employer ${employer} has ${days} volunteering days a year, but ${existing + held.length} sessions in ${year}/${String(year + 1).slice(2)} (${existing} existing + ${held.length} in this run: ${held.join(', ')})`,
        );
      }
    }
  }
}

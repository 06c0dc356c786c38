// /reports: events per hour/day and per camera/rule/type/class/outcome, mean time to acknowledge, people counting;
// every chart has its CSV.
import { useMemo, useState } from 'react';
import { BarChart } from '../../components/bar-chart';
import { LineChart } from '../../components/line-chart';
import { Options } from '../../components/form';
import { setQuery, useLocation } from '../../lib/router';
import { useLoad } from '../../lib/use-load';
import { LoadError, Loading } from '../../components/status';
import type { ReportGroup } from './event-types';
import { countsReport, eventsReport, withQuery } from './events-api';
import { bucketLabel, bucketTotals, countSeries, duration, groupTotals, REPORT_RANGES, reportWindow, type ReportRange } from './report-data';

const GROUPS: Record<ReportGroup, string> = { camera: 'Camera', rule: 'Rule', type: 'Type', class: 'Class', outcome: 'Review outcome' };

export function ReportsPage() {
  const { query } = useLocation();
  const rangeParam = query.get('range') ?? '';
  const range: ReportRange = rangeParam in REPORT_RANGES ? (rangeParam as ReportRange) : '24h';
  const groupParam = query.get('groupBy') ?? '';
  const groupBy: ReportGroup = groupParam in GROUPS ? (groupParam as ReportGroup) : 'camera';
  const countRule = (query.get('countRule') ?? '').trim().slice(0, 80);
  const [ruleDraft, setRuleDraft] = useState(countRule);
  const win = useMemo(() => reportWindow(range, Date.now()), [range]);
  const q = { from: win.from, to: win.to, bucket: win.bucket };
  const events = useLoad(() => eventsReport({ ...q, groupBy }), [win.from, groupBy]);
  // People counting is per counting rule (or per task); nothing is asked until one is named.
  const counts = useLoad(() => (countRule ? countsReport({ ...q, ruleId: countRule }) : Promise.resolve(null)), [win.from, countRule]);
  const csvEvents = withQuery('/api/reports/events', { ...q, groupBy, format: 'csv' });
  const csvCounts = countRule ? withQuery('/api/reports/counts', { ...q, ruleId: countRule, format: 'csv' }) : null;
  return (
    <div className="ev-reports">
      <div className="toolbar" data-testid="report-filters">
        <label className="toolbar-label">
          Period
          <select value={range} onChange={(e) => setQuery({ range: e.target.value === '24h' ? undefined : e.target.value })} data-testid="report-range">
            <Options items={Object.keys(REPORT_RANGES) as ReportRange[]} value={(r) => r} label={(r) => REPORT_RANGES[r].label} />
          </select>
        </label>
        <label className="toolbar-label">
          Group by
          <select value={groupBy} onChange={(e) => setQuery({ groupBy: e.target.value === 'camera' ? undefined : e.target.value })} data-testid="report-group">
            <Options items={Object.keys(GROUPS) as ReportGroup[]} value={(g) => g} label={(g) => GROUPS[g]} />
          </select>
        </label>
        <span className="toolbar-spacer" />
        <a className="btn" href={csvEvents} download={`events-${groupBy}-${range}.csv`} data-testid="csv-events">
          Events CSV
        </a>
        {csvCounts && (
          <a className="btn" href={csvCounts} download={`people-counts-${range}.csv`} data-testid="csv-counts">
            Counting CSV
          </a>
        )}
      </div>
      {events.error && !events.data ? (
        <LoadError error={events.error} />
      ) : !events.data ? (
        <Loading />
      ) : (
        <>
          <div className="ev-stats">
            <div className="ev-stat" data-testid="stat-total">
              <span className="ev-stat-value">{events.data.total}</span>
              <span className="ev-stat-label">events</span>
            </div>
            <div className="ev-stat" data-testid="stat-reviewed">
              <span className="ev-stat-value">{events.data.reviewed}</span>
              <span className="ev-stat-label">reviewed</span>
            </div>
            <div className="ev-stat" data-testid="stat-mtta">
              <span className="ev-stat-value">{duration(events.data.meanTimeToAcknowledgeMs)}</span>
              <span className="ev-stat-label">mean time to acknowledge</span>
            </div>
          </div>
          <div className="ev-charts">
            <section className="panel">
              <div className="panel-title">Events per {win.bucket}</div>
              <BarChart data={bucketTotals(events.data)} ariaLabel={`Events per ${win.bucket}`} testId="chart-time" />
            </section>
            <section className="panel">
              <div className="panel-title">Events per {GROUPS[groupBy].toLowerCase()}</div>
              {events.data.series.length === 0 ? <p className="muted">No events in this period.</p> : <BarChart data={groupTotals(events.data)} ariaLabel={`Events per ${groupBy}`} testId="chart-group" />}
            </section>
          </div>
        </>
      )}
      <section className="panel ev-counting">
        <div className="panel-title-row">
          <div className="panel-title">People counting (in / out per {win.bucket})</div>
          <form
            className="ev-count-rule"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery({ countRule: ruleDraft.trim() || undefined });
            }}
          >
            <input value={ruleDraft} onChange={(e) => setRuleDraft(e.target.value)} placeholder="counting rule id" maxLength={80} aria-label="Counting rule id" data-testid="count-rule" />
            <button type="submit" className="btn btn-small">
              Show
            </button>
          </form>
        </div>
        {!countRule ? (
          <p className="muted" data-testid="counts-choose">
            Name a counting rule (its id is on the analysis task’s rule list) to see how many people went in and out.
          </p>
        ) : counts.error && !counts.data ? (
          <LoadError error={counts.error} />
        ) : !counts.data ? (
          <Loading />
        ) : counts.data.points.length === 0 ? (
          <p className="muted" data-testid="counts-empty">
            No counting rule reported in this period.
          </p>
        ) : (
          <>
            <p className="muted">
              Total in {counts.data.totals.in}, out {counts.data.totals.out}.
            </p>
            <LineChart series={countSeries(counts.data)} formatX={(x) => bucketLabel(x, win.bucket)} ariaLabel="People counting" testId="chart-counts" />
          </>
        )}
      </section>
    </div>
  );
}

/**
 * A chart the user configures over result rows: a dimension and one or more metrics, bar or line; when the
 * dimension is a date (or week_start) it is a time series on a linear time axis. Chart.js, with only the
 * controllers, elements and scales used here registered (tree-shaken).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Group, MultiSelect, SegmentedControl, Select, Text } from '@mantine/core';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { compareValues, isDate, isNumeric, type Column, type Row } from '../lib/columns';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

const PALETTE = ['#4263eb', '#e8590c', '#2b8a3e', '#c2255c', '#5f3dc4', '#1098ad', '#f08c00', '#495057'];

interface Props {
  columns: Column[];
  rows: Row[];
  /** Preferred dimension (e.g. week_start for a collection). */
  defaultDimension?: string;
}

export default function ResultsChart({ columns, rows, defaultDimension }: Props) {
  const metricsAvailable = useMemo(() => columns.filter((c) => isNumeric(c, rows)).map((c) => c.name), [columns, rows]);
  const dimensionsAvailable = useMemo(() => columns.map((c) => c.name), [columns]);
  const [dimension, setDimension] = useState<string | null>(
    defaultDimension ??
      columns.find((c) => isDate(c, rows))?.name ??
      columns.find((c) => !isNumeric(c, rows))?.name ??
      columns[0]?.name ??
      null,
  );
  // Ids are numbers but not measures: they are left out of the first choice (still selectable).
  const [metrics, setMetrics] = useState<string[]>(() =>
    metricsAvailable.filter((m) => m !== dimension && !/(^|_)id$/i.test(m)).slice(0, 2),
  );
  const dimColumn = columns.find((c) => c.name === dimension);
  const timeSeries = !!dimColumn && isDate(dimColumn, rows);
  const [kind, setKind] = useState<'bar' | 'line'>(timeSeries ? 'line' : 'bar');
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!canvas.current || !dimension || metrics.length === 0) return;
    let config: ChartConfiguration;
    if (timeSeries) {
      // Sum each metric per date: a collection has several rows per week.
      const byTime = new Map<number, Row[]>();
      for (const r of rows) {
        const t = Date.parse(String(r[dimension]));
        if (!Number.isNaN(t)) byTime.set(t, [...(byTime.get(t) ?? []), r]);
      }
      const times = [...byTime.keys()].sort((a, b) => a - b);
      config = {
        type: kind,
        data: {
          datasets: metrics.map((m, i) => ({
            label: m,
            data: times.map((t) => ({ x: t, y: byTime.get(t)!.reduce((s, r) => s + (Number(r[m]) || 0), 0) })),
            borderColor: PALETTE[i % PALETTE.length],
            backgroundColor: PALETTE[i % PALETTE.length],
          })),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          parsing: false,
          scales: {
            x: {
              type: 'linear',
              ticks: { callback: (v) => new Date(Number(v)).toISOString().slice(0, 10), maxRotation: 0 },
              // A tick on each date that has data (weeks, days), unless there are too many to read.
              ...(times.length <= 26 && {
                afterBuildTicks: (axis: { ticks: { value: number }[] }) => {
                  axis.ticks = times.map((value) => ({ value }));
                },
              }),
            },
          },
        },
      };
    } else {
      const sorted = [...rows].sort((a, b) => compareValues(b[metrics[0]!], a[metrics[0]!])).slice(0, 50);
      config = {
        type: kind,
        data: {
          labels: sorted.map((r) => String(r[dimension] ?? '∅')),
          datasets: metrics.map((m, i) => ({
            label: m,
            data: sorted.map((r) => Number(r[m]) || 0),
            borderColor: PALETTE[i % PALETTE.length],
            backgroundColor: PALETTE[i % PALETTE.length],
          })),
        },
        options: { animation: false, maintainAspectRatio: false },
      };
    }
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [rows, dimension, metrics, kind, timeSeries]);

  if (metricsAvailable.length === 0) return <Text c="dimmed">No numeric column to chart.</Text>;
  return (
    <div>
      <Group mb="sm" align="end" wrap="wrap">
        <Select label="Dimension" data={dimensionsAvailable} value={dimension} onChange={setDimension} />
        <MultiSelect label="Metrics" data={metricsAvailable} value={metrics} onChange={setMetrics} miw={220} />
        <SegmentedControl
          aria-label="Chart type"
          value={kind}
          onChange={(v) => setKind(v as 'bar' | 'line')}
          data={[
            { value: 'bar', label: 'Bar' },
            { value: 'line', label: 'Line' },
          ]}
        />
        {timeSeries && (
          <Text size="xs" c="dimmed">
            time series by {dimension}
          </Text>
        )}
      </Group>
      <div className="chart-box">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${kind} chart of ${metrics.join(', ')} by ${dimension ?? ''}`}
          data-testid="results-chart"
          data-points={rows.length}
        />
      </div>
    </div>
  );
}

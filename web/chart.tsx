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
} from 'chart.js';
import { useEffect, useRef } from 'react';

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

export type ChartKind = 'bar' | 'line' | 'stacked';
export interface Series {
  label: string;
  values: Array<number | null>;
}

const colours = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
];

/** A Chart.js chart (bundled, no CDN); null values are gaps (withheld cells). */
export function ChartView({
  kind,
  labels,
  series,
}: {
  kind: ChartKind;
  labels: string[];
  series: Series[];
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const stacked = kind === 'stacked';
    // Counts get whole-number ticks (no 0.5 resident); a mean keeps its decimals.
    const whole = series.every((s) => s.values.every((v) => v === null || Number.isInteger(v)));
    const chart = new Chart(canvas.current, {
      type: kind === 'line' ? 'line' : 'bar',
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: colours[i % colours.length],
          borderColor: colours[i % colours.length],
          maxBarThickness: 96,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked },
          y: { stacked, beginAtZero: true, ticks: whole ? { precision: 0 } : {} },
        },
      },
    });
    return () => chart.destroy();
  }, [kind, JSON.stringify(labels), JSON.stringify(series)]);
  return (
    <div className="chart">
      <canvas ref={canvas} />
    </div>
  );
}

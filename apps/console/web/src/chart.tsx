import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLOURS = ['#1b7f3b', '#b36b00', '#b3261e', '#1f5fbf', '#7b3fb5', '#56606b'];

/** A per-minute line chart (uPlot: 50 KB, canvas); the numbers are also in a table for screen readers. */
export function MinuteChart(props: {
  title: string;
  minutes: string[];
  series: { label: string; values: number[] }[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const width = Math.max(280, Math.min(box.current.clientWidth || 600, 900));
    const plot = new uPlot(
      {
        width,
        height: 200,
        series: [
          {},
          ...props.series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2 })),
        ],
        axes: [{}, { size: 40 }],
      },
      [props.minutes.map((m) => new Date(m).getTime() / 1000), ...props.series.map((s) => s.values)],
      box.current,
    );
    return () => plot.destroy();
  }, [props.minutes, props.series]);
  // Focusable: at phone width the chart scrolls sideways, and the keyboard must reach it.
  return (
    <figure className="chart" tabIndex={0}>
      <figcaption>{props.title}</figcaption>
      <div ref={box} role="img" aria-label={`${props.title}, per minute`} />
    </figure>
  );
}

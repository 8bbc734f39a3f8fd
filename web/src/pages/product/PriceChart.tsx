import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { inr, istDateTime, istDay } from '../../format.ts';
import { chartRows, type LowestEver, type PriceHistory } from './history.ts';

/** Colour-blind-safe palette (Okabe–Ito), one colour per platform in the order the API lists them. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export default function PriceChart({
  history,
  lowest,
}: {
  history: PriceHistory;
  lowest: LowestEver | null;
}) {
  const rows = chartRows(history);
  return (
    <div className="chart" data-testid="price-chart" data-series={history.series.length}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 16, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" tickFormatter={(d: string) => istDay(d)} minTickGap={24} />
          <YAxis tickFormatter={(v: number) => `₹${v}`} width={56} domain={['auto', 'auto']} />
          <Tooltip
            labelFormatter={(d) => istDateTime(String(d))}
            formatter={(value) => (typeof value === 'number' ? inr(value) : String(value))}
          />
          <Legend />
          {history.series.map((series, i) => (
            <Line
              key={series.platform_slug}
              type="stepAfter"
              dataKey={series.platform_slug}
              name={series.platform}
              stroke={COLOURS[i % COLOURS.length]}
              dot={false}
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          {lowest && (
            <ReferenceLine
              y={lowest.price}
              stroke="#8a4b00"
              strokeDasharray="6 4"
              label={{
                value: `Lowest ever ${inr(lowest.price)}`,
                position: 'insideBottomLeft',
                fill: '#8a4b00',
              }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

// Bar chart of daily transfer volume (recharts), loaded on demand by the history screen.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUnits } from "viem";
import type { VolumeDay } from "../api/indexer.ts";

export default function VolumeChart(props: {
  days: VolumeDay[];
  decimals: number;
  symbol: string;
}) {
  const data = props.days.map((day) => ({
    date: day.date,
    volume: Number(formatUnits(BigInt(day.volume), props.decimals)),
    count: day.count,
  }));
  return (
    <figure className="chart" aria-label={`Daily volume in ${props.symbol}`}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" fontSize={12} />
          <YAxis fontSize={12} width={60} />
          <Tooltip
            formatter={(value) => [`${Number(value).toLocaleString()} ${props.symbol}`, "Volume"]}
          />
          <Bar dataKey="volume" fill="#2563eb" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">
        {data
          .map((d) => `${d.date}: ${d.volume} ${props.symbol} in ${d.count} transfers`)
          .join("; ")}
      </figcaption>
    </figure>
  );
}

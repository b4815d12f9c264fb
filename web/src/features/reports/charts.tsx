// The leader's dashboard charts on ECharts' tree-shaken core (bar + line only, canvas): the five
// levels stacked per year with coverage as a line, and a breakdown's bars — each bar clickable to
// open the list behind it. Only the dashboard page loads this module.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const nf = new Intl.NumberFormat('zh-CN');
const PALETTE = ['#cf1322', '#d46b08', '#d4b106', '#1677ff', '#389e0d', '#722ed1'];

export interface TrendProps {
  years: number[];
  /** One stacked series per level. */
  levels: Array<{ name: string; data: number[] }>;
  /** A rate 0..1 per year, on the right axis. */
  line: { name: string; data: number[] };
  height?: number;
  onClick?: (year: number, series: string) => void;
}

export function TrendChart({ years, levels, line, height = 320, onClick }: TrendProps) {
  const option = useMemo(
    () => ({
      color: PALETTE,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: years.map(String) },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => nf.format(v) } },
        {
          type: 'value',
          min: 0,
          max: 1,
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
        },
      ],
      series: [
        ...levels.map((l) => ({ type: 'bar', name: l.name, stack: 'levels', data: l.data, barMaxWidth: 48 })),
        {
          type: 'line',
          name: line.name,
          yAxisIndex: 1,
          data: line.data,
          symbolSize: 8,
          lineStyle: { width: 3 },
          tooltip: { valueFormatter: (v: number) => `${(v * 100).toFixed(1)}%` },
        },
      ],
    }),
    [years, levels, line],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
      onEvents={
        onClick
          ? { click: (p: { name: string; seriesName: string }) => onClick(Number(p.name), p.seriesName) }
          : undefined
      }
    />
  );
}

export interface BarsProps {
  categories: string[];
  values: number[];
  name: string;
  /** A rate 0..1 per category, drawn as a line on a second axis (coverage). */
  rates?: Array<number | null>;
  rateName?: string;
  height?: number;
  onClick?: (category: string) => void;
}

export function BreakdownChart({ categories, values, name, rates, rateName, height = 300, onClick }: BarsProps) {
  const option = useMemo(
    () => ({
      color: ['#1677ff', '#389e0d'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: rates ? { top: 0 } : undefined,
      grid: { left: 8, right: 8, top: rates ? 36 : 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { interval: 0, hideOverlap: true, rotate: categories.length > 6 ? 30 : 0 },
      },
      yAxis: [
        { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => nf.format(v) } },
        ...(rates
          ? [
              {
                type: 'value',
                min: 0,
                max: 1,
                splitLine: { show: false },
                axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
              },
            ]
          : []),
      ],
      series: [
        {
          type: 'bar',
          name,
          data: values,
          barMaxWidth: 40,
          label: {
            show: categories.length <= 12,
            position: 'top',
            formatter: (p: { value: number }) => nf.format(p.value),
          },
        },
        ...(rates
          ? [
              {
                type: 'line',
                name: rateName,
                yAxisIndex: 1,
                data: rates,
                symbolSize: 7,
                tooltip: { valueFormatter: (v: number | null) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`) },
              },
            ]
          : []),
      ],
    }),
    [categories, values, name, rates, rateName],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
      onEvents={onClick ? { click: (p: { name: string }) => onClick(p.name) } : undefined}
    />
  );
}

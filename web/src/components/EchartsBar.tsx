// A small bar chart on ECharts' tree-shaken core (only bar + grid/tooltip/legend are bundled).
// `echarts-for-react/esm/core` because the `lib/` build crashes under Vite.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  data: number[];
  /** 1 puts the series on a second value axis (e.g. school counts next to teacher counts) */
  axis?: 0 | 1;
  color?: string;
}

export interface EchartsBarProps {
  categories: string[];
  series: BarSeries[];
  height?: number;
  /** bars grow left-to-right, categories on the y axis (long labels, many categories) */
  horizontal?: boolean;
}

const nf = new Intl.NumberFormat('zh-CN');

export function EchartsBar({ categories, series, height = 280, horizontal = false }: EchartsBarProps) {
  const option = useMemo(() => {
    const twoAxes = series.some((s) => s.axis === 1);
    const valueAxis = (i: number) => ({
      type: 'value',
      minInterval: 1,
      splitLine: { show: i === 0 },
      axisLabel: { formatter: (v: number) => nf.format(v) },
    });
    const categoryAxis = {
      type: 'category',
      data: categories,
      axisTick: { alignWithLabel: true },
      // horizontal bars read top-down in the given order
      inverse: horizontal,
      axisLabel: horizontal ? {} : { interval: 0, hideOverlap: true, rotate: categories.length > 6 ? 30 : 0 },
    };
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => nf.format(v) },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis(0) : categoryAxis,
      yAxis: horizontal ? categoryAxis : twoAxes ? [valueAxis(0), valueAxis(1)] : valueAxis(0),
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.data,
        barMaxWidth: 36,
        ...(horizontal ? {} : { yAxisIndex: twoAxes ? (s.axis ?? 0) : 0 }),
        itemStyle: s.color ? { color: s.color } : undefined,
        label: { show: series.length === 1, position: horizontal ? 'right' : 'top', formatter: labelFormatter },
      })),
    };
  }, [categories, series, horizontal]);

  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height, width: '100%' }}
      opts={{ renderer: 'canvas' }}
    />
  );
}

function labelFormatter(p: { value: number }) {
  return p.value ? nf.format(p.value) : '';
}

import { createContext, useContext } from 'react';

/** The interface is Chinese; an English switch in the header. */
export type Lang = 'zh' | 'en';
const en: Record<string, string> = {
  一表通: 'OneTable',
  登录: 'Sign in',
  退出: 'Sign out',
  演示科室: 'Demo section',
  用户名: 'User name',
  '令牌或 API 密钥': 'Token or API key',
  '开发模式：选择一个演示科室登录': 'Development mode: sign in as a demo section',
  '生产模式：粘贴身份平台令牌或 API 密钥':
    'Production: paste a token of the identity provider or an API key',
  报表: 'Reports',
  居民卡片: 'Resident card',
  减负看板: 'Burden dashboard',
  'GraphQL 调试台': 'GraphQL IDE',
  任务: 'Task (purpose)',
  数据集: 'Dataset',
  维度: 'Dimensions',
  指标: 'Measures',
  筛选: 'Filters',
  年龄段: 'Age bands',
  标签: 'Tags',
  起: 'From',
  止: 'To',
  小计合计: 'Subtotals and total',
  生成报表: 'Run report',
  保存: 'Save',
  报表名称: 'Report name',
  共享给: 'Share with (section codes)',
  已保存的报表: 'Saved reports',
  打开: 'Open',
  导出CSV: 'Export CSV',
  导出XLSX: 'Export XLSX',
  柱状图: 'Bar',
  折线图: 'Line',
  堆叠图: 'Stacked',
  合计: 'Total',
  已隐去: 'withheld',
  不可用: 'not available',
  搜索姓名: 'Search by name',
  搜索: 'Search',
  上门走访: 'Record a home visit',
  记录: 'Record',
  备注: 'Notes',
  查询记录: 'Access log',
  无权查看: 'not granted',
  时间: 'Time',
  科室: 'Section',
  字段: 'Fields',
  用途: 'Purpose',
  基线: 'Baseline (forms per month before OneTable)',
  月份: 'Month',
  报表数: 'Reports',
  导出数: 'Exports',
  开证明数: 'Attestations',
  免填表格: 'Forms spared',
  按科室: 'By section',
  按居委: 'By community',
  保存基线: 'Save baseline',
  请选择任务: 'Choose a task',
};

export const LangContext = createContext<Lang>('zh');

export function useT(): (key: string) => string {
  const lang = useContext(LangContext);
  return (key) => (lang === 'en' ? (en[key] ?? key) : key);
}

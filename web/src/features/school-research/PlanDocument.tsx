// A school's research plan or summary as a document: title, school and year, theme, goals, the
// month-by-month activities (who is responsible), budget, body and attachments. Shown read-only on
// the plan page and laid out on A4 by the print page; Chinese, whatever the UI language, as filed.
import type { ResearchPlan } from '@shixun/common';
import { AttachmentList } from '../../components/AttachmentList';

export const PLAN_DOC_CSS = `
.plan-doc { color: #222; font-size: 14px; line-height: 1.8; }
.plan-doc h1 { text-align: center; font-size: 22px; margin: 0 0 4px; letter-spacing: 1px; }
.plan-doc .plan-meta { text-align: center; color: #555; margin-bottom: 16px; }
.plan-doc h2 { font-size: 16px; margin: 18px 0 6px; border-bottom: 1px solid #ccc; padding-bottom: 2px; }
.plan-doc .plan-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.plan-doc table { width: 100%; border-collapse: collapse; font-size: 13px; }
.plan-doc th, .plan-doc td { border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top; }
.plan-doc th { background: #f4f4f4; font-weight: 600; white-space: nowrap; }
.plan-doc td.month { white-space: nowrap; }
`;

const monthLabel = (m: string) => {
  const [y, mm] = m.split('-');
  return `${y}年${Number(mm)}月`;
};

export function PlanDocument({ p }: { p: ResearchPlan }) {
  const kind = p.kind === 'plan' ? '校本研修计划' : '校本研修总结';
  return (
    <div className="plan-doc" data-testid="plan-document">
      <h1>{p.theme}</h1>
      <div className="plan-meta">
        {p.schoolName} · {p.schoolYear}—{p.schoolYear + 1}学年{kind}
      </div>
      {p.goals && (
        <>
          <h2>{p.kind === 'plan' ? '研修目标' : '目标达成'}</h2>
          <p className="plan-text">{p.goals}</p>
        </>
      )}
      {p.items.length > 0 && (
        <>
          <h2>月度活动安排</h2>
          <table>
            <thead>
              <tr>
                <th>月份</th>
                <th>活动内容</th>
                <th>活动形式</th>
                <th>负责人</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((it, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
                <tr key={i}>
                  <td className="month">{monthLabel(it.month)}</td>
                  <td>{it.title}</td>
                  <td>{it.type ?? ''}</td>
                  <td>{it.responsible ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {p.body && (
        <>
          <h2>{p.kind === 'plan' ? '具体措施' : '总结正文'}</h2>
          <p className="plan-text">{p.body}</p>
        </>
      )}
      {p.budget && (
        <>
          <h2>经费预算</h2>
          <p className="plan-text">{Number(p.budget).toLocaleString('zh-CN', { minimumFractionDigits: 2 })} 元</p>
        </>
      )}
      {p.attachments.length > 0 && (
        <>
          <h2>附件</h2>
          <AttachmentList items={p.attachments} />
        </>
      )}
    </div>
  );
}

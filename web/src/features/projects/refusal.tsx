// A refused nomination / sending answers 400 with `problems`: every teacher refused and why.
import type { TeacherProblem } from '@shixun/common';
import { Alert, Typography } from 'antd';
import { ApiError } from '../../lib/http';

export function problemsOf(e: unknown): TeacherProblem[] {
  if (!(e instanceof ApiError)) return [];
  const body = e.body as { problems?: TeacherProblem[] } | undefined;
  return Array.isArray(body?.problems) ? body.problems : [];
}

/** The error as an Alert, listing each refused teacher with the reasons. */
export function RefusalAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problems = problemsOf(error);
  return (
    <Alert
      type="error"
      showIcon
      title={(error as Error).message}
      description={
        problems.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {problems.map((p) => (
              <li key={p.teacherId}>
                <Typography.Text strong>{p.name ?? `#${p.teacherId}`}</Typography.Text>：{p.reasons.join('；')}
              </li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 12 }}
    />
  );
}

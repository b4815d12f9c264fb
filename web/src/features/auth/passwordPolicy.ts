// The shared password policy (common/src/credentials.ts) as antd form rules: the form says what the
// server would (common and demo passwords, the username, the phone); the server also checks the ID number.
import { type PasswordContext, passwordProblem } from '@shixun/common';
import type { FormRule } from 'antd';

export function newPasswordRules(requiredMessage: string, context: () => PasswordContext = () => ({})): FormRule[] {
  return [
    { required: true, message: requiredMessage },
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        const problem = passwordProblem(value, context());
        if (problem) throw new Error(problem);
      },
    },
  ];
}

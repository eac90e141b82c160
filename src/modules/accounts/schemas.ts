/** 账户: the login name and password rules and the forms that set them (pages and API share them). */
import { z } from '@hono/zod-openapi';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './passwords.js';

const PHONE = /^1[3-9]\d{9}$/;
const ACCOUNT_NAME = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;

export const LoginName = z
  .string({ message: '请填写登录名' })
  .trim()
  .refine((v) => PHONE.test(v) || ACCOUNT_NAME.test(v), {
    message: '登录名须为 11 位手机号，或以字母开头的 3–32 位账户名（字母、数字、_ . -）',
  });

const NewPassword = z.string({ message: '请填写密码' }).max(200, '密码不超过 200 个字符');

export const ActivateForm = z
  .object({ loginName: LoginName, password: NewPassword, passwordConfirm: z.string({ message: '请再输入一次密码' }) })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password, v.loginName);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
    else if (v.password !== v.passwordConfirm)
      ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: '两次输入的密码不一致' });
  });

export const SignInForm = z.object({
  loginName: z.string({ message: '请填写登录名' }).trim().min(1, '请填写登录名').max(64, '登录名过长'),
  password: z.string({ message: '请填写密码' }).min(1, '请填写密码').max(200, '密码过长'),
});

export const ChangePasswordForm = z
  .object({
    currentPassword: z.string({ message: '请填写当前密码' }).min(1, '请填写当前密码'),
    newPassword: NewPassword,
    newPasswordConfirm: z.string({ message: '请再输入一次新密码' }),
  })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.newPassword);
    if (problem) ctx.addIssue({ code: 'custom', path: ['newPassword'], message: problem });
    else if (v.newPassword !== v.newPasswordConfirm)
      ctx.addIssue({ code: 'custom', path: ['newPasswordConfirm'], message: '两次输入的新密码不一致' });
  });

export const PASSWORD_HINT = `至少 ${MIN_PASSWORD_LENGTH} 个字符；不要用常见密码或登录名。可以用一句好记的话。`;

export const Activation = z
  .object({
    activationUrl: z.string().openapi({ description: '一次性激活链接，72 小时内有效，仅此一次显示' }),
    activationExpiresAt: z.string(),
  })
  .openapi('Activation');

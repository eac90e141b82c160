/** The uploaded file of POST /imports: a multipart `file` field, or the file itself as the body. */
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { unsafeChar, unsafeCharMessage } from '../../http/common-fields.js';
import { ApiError, fieldError } from '../../http/errors.js';

export interface Upload {
  fileName?: string;
  bytes: Uint8Array;
}

const FILE_REQUIRED = [{ path: 'file', message: '请选择要导入的 XLSX 或 CSV 文件' }];

export async function readUpload(c: Context<AppEnv>): Promise<Upload> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json') || type.startsWith('application/x-www-form-urlencoded')) {
    throw new ApiError(
      'unsupported_media_type',
      '请以 multipart/form-data（字段 file）上传文件，或直接以 XLSX / CSV 文件内容作为请求体',
    );
  }
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw new ApiError('invalid_request', 'multipart 请求体格式有误', FILE_REQUIRED);
    }
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      throw new ApiError('invalid_request', '缺少上传文件（字段 file）', FILE_REQUIRED);
    const char = unsafeChar(file.name);
    if (char) throw fieldError('file', unsafeCharMessage('文件名', char));
    return { fileName: file.name || undefined, bytes: new Uint8Array(await file.arrayBuffer()) };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (!bytes.length) throw new ApiError('invalid_request', '请求体为空：请上传 XLSX 或 CSV 文件', FILE_REQUIRED);
  return { bytes };
}

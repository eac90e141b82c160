import type { AppDeps } from '../../http/env.js';
import { newRouter } from '../../http/route.js';

export function problemRoutes(_deps: AppDeps) {
  return newRouter();
}

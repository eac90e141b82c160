import type { AppDeps } from '../../http/env.js';
import { newRouter } from '../../http/route.js';

export function labRoutes(_deps: AppDeps) {
  return newRouter();
}

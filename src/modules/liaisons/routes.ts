import type { AppDeps } from '../../http/env.js';
import { newRouter } from '../../http/route.js';

export function liaisonRoutes(_deps: AppDeps) {
  return newRouter();
}

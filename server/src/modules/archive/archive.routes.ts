// HTTP for the growth archive (成长档案): one teacher, scoped like the teacher detail.
import { errorEnvelope, growthArchive, idParam } from '@shixun/common';
import type { App, Deps } from '../../deps.js';
import { userOf } from '../../http/auth.js';
import { getGrowthArchive } from './archive.service.js';

export async function archiveRoutes(app: App, deps: Deps) {
  app.get(
    '/api/teachers/:id/archive',
    {
      config: { permission: 'archive.read' },
      schema: {
        tags: ['archive'],
        summary:
          '教师成长档案：基本信息、培训经历与结果、各学年学时、证书、荣誉、师德、心得与成果汇报（范围同教师详情）',
        params: idParam,
        response: { 200: growthArchive, 401: errorEnvelope, 403: errorEnvelope, 404: errorEnvelope },
      },
    },
    async (req) => getGrowthArchive(deps.read, userOf(req), req.params.id, deps.cipher),
  );
}

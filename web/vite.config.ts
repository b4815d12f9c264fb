import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
  build: {
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Vendor chunks split so the login page does not pay for ECharts or exceljs.
        manualChunks(id: string) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('echarts') || id.includes('zrender')) return 'echarts';
          if (id.includes('@ant-design/icons')) return 'icons';
          if (id.includes('antd') || id.includes('@rc-component') || id.includes('rc-') || id.includes('@ant-design'))
            return 'antd';
          if (id.includes('react') || id.includes('scheduler')) return 'react';
          return 'vendor';
        },
      },
    },
  },
});

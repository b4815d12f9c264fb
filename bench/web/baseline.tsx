// The baseline of the phone-page bench: the least a React + antd page can ship — React, antd's
// ConfigProvider with the app's theme, one Button — built and served the same way as the app.
import { Button, ConfigProvider } from 'antd';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <ConfigProvider theme={{ token: { colorPrimary: '#1f6feb', borderRadius: 6 } }}>
    <main style={{ padding: 24 }}>
      <h1 style={{ fontSize: 20 }}>师训</h1>
      <Button type="primary">登录</Button>
    </main>
  </ConfigProvider>,
);

// Rolldown's tree-shaking hint, shared by web/vite.config.ts and the bench's baseline page.
/**
 * Packages whose modules only define things, but that do not say so in their package.json
 * (`sideEffects`): without this, importing one export of `@rc-component/form` (as antd's
 * ConfigProvider does) pulls in the whole package. `@shixun/common`'s modules are definitions
 * too, except its index, which sets zod's Chinese messages. Left out on purpose:
 * `@rc-component/picker`, whose dayjs adapter extends dayjs when it loads.
 */
const PURE = [
  /[\\/]node_modules[\\/]@rc-component[\\/](?!picker[\\/])/,
  /[\\/]node_modules[\\/]@ant-design[\\/](cssinjs|cssinjs-utils|fast-color|colors)[\\/]/,
  /[\\/]node_modules[\\/]@babel[\\/]runtime[\\/]/,
  /[\\/]common[\\/]src[\\/](?!index\.ts$)[^\\/]+\.ts$/,
];

export const hasSideEffects = (id: string) => !PURE.some((re) => re.test(id));

// Checked before anything else: the scripts and the server need Node >= 20.19 (require(esm), stable
// fetch/test APIs). Kept free of newer syntax so an old Node can still print the message.
const MIN = [20, 19];

export function assertNodeVersion() {
  const parts = process.versions.node.split('.').map(Number);
  const major = parts[0];
  const minor = parts[1];
  if (major > MIN[0] || (major === MIN[0] && minor >= MIN[1])) return;
  const want = MIN.join('.');
  console.error(
    [
      '',
      '  需要 Node.js ≥ ' +
        want +
        '，当前为 v' +
        process.versions.node +
        '。请先升级 Node.js（https://nodejs.org ，建议 LTS 版本）。',
      '  Node.js >= ' +
        want +
        ' is required, found v' +
        process.versions.node +
        '. Please upgrade Node.js (LTS recommended).',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

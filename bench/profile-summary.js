// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package,
// the heaviest first. Usage: node bench/profile-summary.js <file.cpuprofile> [top]
const { readFileSync } = require('node:fs');

const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (frame) => {
  const url = frame.url || '(native)';
  const pkg = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.includes('/dist/')) return url.slice(url.indexOf('/dist/') + 6).replace(/\/src\/.*/, '');
  return url.startsWith('node:') ? 'node' : url;
};
const fns = new Map();
const pkgs = new Map();
for (const [id, time] of self) {
  const frame = byId.get(id).callFrame;
  const fn = `${frame.functionName || '(anonymous)'} ${where(frame)}:${frame.lineNumber + 1}`;
  fns.set(fn, (fns.get(fn) ?? 0) + time);
  pkgs.set(where(frame), (pkgs.get(where(frame)) ?? 0) + time);
}
const show = (title, map) => {
  console.log(`\n${title}`);
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(top))
    .forEach(([name, time]) => console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${name}`));
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
show('self time by package', pkgs);
show('self time by function', fns);

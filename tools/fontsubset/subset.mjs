// Writes the pages' Arabic font cut down to the characters Frontline writes
// in Arabic: the Arabic block, the joiners and direction marks, hyphens and
// the presentation forms a pasted name may carry. `just assets` runs it on
// the regular weight from @fontsource; the shaping tables are kept for what
// remains, so letters still join. Usage: node subset.mjs IN.woff2 OUT.woff2
import fs from "node:fs";
import subsetFont from "subset-font";

// The same ranges as the @font-face unicode-range in assets/css/app.css.
export const ranges = [[0x0600, 0x06ff], [0x200c, 0x200e], [0x2010, 0x2011], [0xfe70, 0xfe74], [0xfe76, 0xfefc]];

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node subset.mjs IN.woff2 OUT.woff2");
  process.exit(2);
}
let text = "";
for (const [lo, hi] of ranges) {
  for (let c = lo; c <= hi; c++) text += String.fromCodePoint(c);
}
const font = await subsetFont(fs.readFileSync(input), text, { targetFormat: "woff2" });
fs.writeFileSync(output, font);
console.log(`${output}: ${font.length} bytes (from ${fs.statSync(input).size})`);

// Full-page screenshots of a served site at phone and desktop widths, light and dark.
// Usage: node screenshots.mjs BASE_URL OUT_DIR PATH [PATH ...]
// Env: NODE_MODULES_DIR (where playwright-core is), CHROMIUM (browser binary, default
// /usr/bin/chromium), SHOT_WIDTHS (default "320,390,1280").
// Writes OUT_DIR/NAME-WIDTH-SCHEME.png, NAME being the path with slashes as hyphens ("home" for /).
import { createRequire } from "module";
import fs from "fs";
import path from "path";

const require = createRequire(path.join(process.env.NODE_MODULES_DIR || "/opt/sitecheck/npm/node_modules", "noop.js"));
const { chromium } = require("playwright-core");
const [base, out, ...paths] = process.argv.slice(2);
if (!base || !out || paths.length === 0) {
  console.error("usage: node screenshots.mjs BASE_URL OUT_DIR PATH [PATH ...]");
  process.exit(2);
}
const widths = (process.env.SHOT_WIDTHS || "320,390,1280").split(",").map(Number);
// A phone-shaped viewport below 40rem, a laptop one above: the height only decides what the
// first screen holds, the shot is of the whole page.
const height = (w) => (w < 640 ? Math.round(w * 2.16) : 800);
const name = (p) => p.replace(/^\/+|\/+$/g, "").replace(/\.html$/, "").replace(/\//g, "-") || "home";

fs.mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"],
});
let failed = 0;
try {
  for (const scheme of ["light", "dark"]) {
    for (const width of widths) {
      const ctx = await browser.newContext({ viewport: { width, height: height(width) }, colorScheme: scheme,
                                             deviceScaleFactor: 1, isMobile: width < 640, hasTouch: width < 640 });
      const page = await ctx.newPage();
      for (const p of paths) {
        const file = path.join(out, `${name(p)}-${width}-${scheme}.png`);
        try {
          const resp = await page.goto(new URL(p.replace(/^\//, ""), base).href, { waitUntil: "load", timeout: 30000 });
          await page.screenshot({ path: file, fullPage: true });
          const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
          const overflow = size[0] > width ? `  OVERFLOW: ${size[0]} px wide` : "";
          console.log(`${file}  ${size[0]}x${size[1]}  HTTP ${resp ? resp.status() : "?"}${overflow}`);
          if (overflow) failed++;
        } catch (e) {
          failed++;
          console.log(`${file}  FAILED ${String(e).split("\n")[0]}`);
        }
      }
      await ctx.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

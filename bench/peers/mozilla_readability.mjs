// Mozilla Readability 0.6 on linkedom's DOM as a make bench peer.
//
//   node bench/peers/mozilla_readability.mjs [--repeat N] HTML_DIR PRED.jsonl
//
// Reads every HTML_DIR/*.html into memory (as bytes) first, then times N
// passes (default 1) of extraction alone, one thread, and reports the
// median pass: decode, parseHTML, then
// new Readability(document).parse().textContent, the plain text the library
// gives its users (block edges are not line breaks in it). Writes one
// {"id", "text"} per page (id = the file name without .html) and prints the
// same figures as pith --stat: pages, seconds (median, min, max), MB/s (MB = 10^6 bytes), pages/s, peak
// RSS MB. A page that throws, or that Readability declines (parse() returns
// null), is empty text; throws count as failures and are named on standard
// error; the run goes on.
//
// Decoding, kept simple: a byte order mark, else the first
// <meta ... charset=LABEL> in the first 1024 bytes (the WHATWG prescan's
// window), else UTF-8; labels go to TextDecoder (Node's full ICU knows the
// WHATWG encodings), an unknown label falls back to UTF-8.
//
// The packages come from bench/work/peers (tools/setup.sh --bench-deps puts
// them there at the versions bench/peers/package-lock.json pins), or from
// $PITH_PEERS_HOME.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const home = process.env.PITH_PEERS_HOME || join(here, "..", "work", "peers");
const require = createRequire(join(resolve(home), "package.json"));
const { Readability } = require("@mozilla/readability");
const { parseHTML } = require("linkedom");

const META_CHARSET = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i;

function decode(bytes) {
  let label = "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) label = "utf-16be";
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) label = "utf-16le";
  else {
    const head = bytes.subarray(0, 1024).toString("latin1");
    const match = META_CHARSET.exec(head);
    if (match) label = match[1];
  }
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

// One pass: [id, text] per page and the number of pages that threw.
function extractAll(pages) {
  const texts = [];
  let failures = 0;
  for (const [id, bytes] of pages) {
    let text = "";
    try {
      const { document } = parseHTML(decode(bytes));
      const article = new Readability(document).parse();
      text = (article && article.textContent) || "";
    } catch (error) {
      console.error(`mozilla-readability: ${id}: ${error}`);
      failures++; // one page's failure must not end the run
    }
    texts.push([id, text]);
  }
  return { texts, failures };
}

function main() {
  let args = process.argv.slice(2);
  let repeat = 1;
  if (args.length === 4 && args[0] === "--repeat") {
    repeat = Number(args[1]);
    args = args.slice(2);
  }
  if (args.length !== 2 || !(repeat >= 1)) {
    console.error("usage: mozilla_readability.mjs [--repeat N] HTML_DIR PRED.jsonl");
    process.exit(2);
  }
  const [folder, outPath] = args;
  const pages = readdirSync(folder)
    .filter((name) => name.endsWith(".html"))
    .sort()
    .map((name) => [name.slice(0, -".html".length), readFileSync(join(folder, name))]);

  const passes = [];
  let result;
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    result = extractAll(pages);
    passes.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const { texts, failures } = result;
  const sorted = [...passes].sort((a, b) => a - b);
  const seconds = sorted[Math.floor(sorted.length / 2)];

  writeFileSync(outPath, texts.map(([id, text]) => JSON.stringify({ id, text }) + "\n").join(""));
  const size = pages.reduce((sum, [, bytes]) => sum + bytes.length, 0);
  const peakMb = process.resourceUsage().maxRSS / 1024; // KiB
  console.log(`pages            ${pages.length} (${failures} failed)`);
  console.log(`bytes            ${size}`);
  console.log(`passes           ${repeat}`);
  console.log(
    `seconds          ${seconds.toFixed(3)} (min ${sorted[0].toFixed(3)}, max ${sorted.at(-1).toFixed(3)})`,
  );
  console.log(`MB/s             ${(size / 1e6 / seconds).toFixed(2)}`);
  console.log(`pages/s          ${(pages.length / seconds).toFixed(1)}`);
  console.log(`peak RSS MB      ${peakMb.toFixed(1)} (the process, pages held in memory included)`);
}

main();

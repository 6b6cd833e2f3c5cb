// Print parse5's tree for an HTML page in the html5lib tree-construction
// dump format, as `pith --dump-tree` does (scripting off).
// usage: node tools/parse5_dump.mjs FILE|-
// The page must be UTF-8 (a BOM is dropped); exits 2 if it is not.
// parse5 is loaded from $PARSE5_HOME/node_modules if that is set.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { parse } = process.env.PARSE5_HOME
  ? createRequire(process.env.PARSE5_HOME + '/')('parse5')
  : await import('parse5');

const NS = {
  'http://www.w3.org/1999/xhtml': '',
  'http://www.w3.org/2000/svg': 'svg ',
  'http://www.w3.org/1998/Math/MathML': 'math ',
};
const ATTR_NS = {
  'http://www.w3.org/1999/xlink': 'xlink ',
  'http://www.w3.org/XML/1998/namespace': 'xml ',
  'http://www.w3.org/2000/xmlns/': 'xmlns ',
};

const lines = [];
// Print one node; return its children as [node, depth] pairs.
function dumpNode(node, depth) {
  const pad = '| ' + '  '.repeat(depth);
  switch (node.nodeName) {
    case '#documentType': {
      const name = node.name ?? '', pub = node.publicId ?? '', sys = node.systemId ?? '';
      lines.push(pub || sys ? `${pad}<!DOCTYPE ${name} "${pub}" "${sys}">` : `${pad}<!DOCTYPE ${name}>`);
      return [];
    }
    case '#comment': lines.push(`${pad}<!-- ${node.data} -->`); return [];
    case '#text': lines.push(`${pad}"${node.value}"`); return [];
  }
  lines.push(`${pad}<${NS[node.namespaceURI]}${node.tagName}>`);
  const attrs = node.attrs.map(a => [(ATTR_NS[a.namespace] ?? '') + a.name, a.value]);
  attrs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); // by UTF-16 code unit
  for (const [name, value] of attrs) lines.push(`${pad}  ${name}="${value}"`);
  const children = [];
  if (node.content) {
    lines.push(`${pad}  content`);
    for (const c of node.content.childNodes) children.push([c, depth + 2]);
  }
  for (const c of node.childNodes) children.push([c, depth + 1]);
  return children;
}

const file = process.argv[2] ?? '-';
let text;
try {
  text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file === '-' ? 0 : file));
} catch (e) {
  if (!(e instanceof TypeError)) throw e;
  console.error(`${file}: not UTF-8`);
  process.exit(2);
}
// Walk without recursion: real pages nest deeper than the JS stack allows.
const stack = parse(text, { scriptingEnabled: false }).childNodes.map(n => [n, 0]).reverse();
while (stack.length) {
  const [node, depth] = stack.pop();
  const children = dumpNode(node, depth);
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
}
process.stdout.write(lines.join('\n') + '\n');

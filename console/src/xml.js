// Indents an XML document for reading. The result is shown as text, never as markup.
export function prettyXml(text) {
  let doc;
  try {
    doc = new DOMParser().parseFromString(text, 'application/xml');
  } catch {
    return text;
  }
  if (doc.getElementsByTagName('parsererror').length) return text;
  const out = [];
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const attrs = (el) => [...el.attributes].map((a) => ` ${a.name}="${esc(a.value).replace(/"/g, '&quot;')}"`).join('');
  const walk = (node, depth) => {
    const pad = '  '.repeat(depth);
    if (node.nodeType === 1) {
      const kids = [...node.childNodes].filter((n) => n.nodeType !== 3 || n.nodeValue.trim());
      if (!kids.length) out.push(`${pad}<${node.nodeName}${attrs(node)}/>`);
      else if (kids.length === 1 && kids[0].nodeType === 3) out.push(`${pad}<${node.nodeName}${attrs(node)}>${esc(kids[0].nodeValue.trim())}</${node.nodeName}>`);
      else {
        out.push(`${pad}<${node.nodeName}${attrs(node)}>`);
        for (const k of kids) walk(k, depth + 1);
        out.push(`${pad}</${node.nodeName}>`);
      }
    } else if (node.nodeType === 3) out.push(pad + esc(node.nodeValue.trim()));
    else if (node.nodeType === 8) out.push(`${pad}<!--${node.nodeValue}-->`);
  };
  walk(doc.documentElement, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out.join('\n')}\n`;
}

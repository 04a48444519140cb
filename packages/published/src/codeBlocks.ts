/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** `file#section`, with `/2`, `/3`… for the second and later blocks of a section: what its check is found by. */
  key: string;
  /** The fence's language: `js`, `ts`, `sh`, `text`… */
  lang: string;
  code: string;
  /** Its first line in the file, counting from 1. */
  line: number;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The fenced code blocks of `markdown` (from `file`), in order, each keyed by the heading above it. */
export function codeBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const perSection = new Map<string, number>();
  let section = '';
  let open: { lang: string; line: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (open) {
      if (text.startsWith('```')) {
        const anchor = `${file}#${section}`;
        const count = (perSection.get(anchor) ?? 0) + 1;
        perSection.set(anchor, count);
        blocks.push({ key: count === 1 ? anchor : `${anchor}/${count}`, lang: open.lang, code: `${open.lines.join('\n')}\n`, line: open.line });
        open = undefined;
      } else open.lines.push(text);
    } else if (text.startsWith('```')) open = { lang: text.slice(3).trim(), line: index + 1, lines: [] };
    else if (/^#{1,6} /.test(text)) section = slug(text.replace(/^#+ /, ''));
  });
  return blocks;
}

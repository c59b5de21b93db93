/**
 * The library's own source in a notebook: one declaration (a function, a method, a class) read
 * from the TypeScript files the package ships in `src/`, shown highlighted. A lesson shows the
 * code that runs, and there is one copy of it: the library's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { closestKeys } from "../closest";
import { OptionsError, UnknownKeyError } from "../errors";
import { checkOptions } from "../options";
import { emitDisplay, type MimeBundle } from "./channel";
import { escapeHtml } from "./format";

/** The folder of the library's TypeScript sources (lib/src, shipped beside dist/). */
export const SOURCE_DIR = path.resolve(__dirname, "..", "..", "src");

/** One declaration of the library's source. */
export interface SourceExcerpt {
  /** The file, relative to the package folder, for example "src/cbow/model.ts". */
  readonly file: string;
  /** The declaration's name. */
  readonly name: string;
  /** First line shown (1-based, the TSDoc comment's first line when it is included). */
  readonly startLine: number;
  /** Last line shown (1-based, inclusive). */
  readonly endLine: number;
  /** The code, with the declaration's common indentation removed. */
  readonly code: string;
}

/** Options of {@link sourceOf} and {@link showSource}. */
export interface SourceOptions {
  /** Include the TSDoc comment above the declaration (default true). */
  doc?: boolean;
}

const DECLARATION =
  /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:(?:public|private|protected|static|readonly|abstract|async|override)\s+)*(?:(?:function\*?|class|interface|type|enum|const|let|get|set)\s+)?([A-Za-z_$][\w$]*)\s*(?:[(<]|=(?!=)|extends\b|implements\b|\{|:)/;
const KEYWORDS = new Set(
  ("abstract as async await break case catch class const continue default delete do else enum export extends false finally for from " +
    "function get if implements import in instanceof interface let new null of private protected public readonly return set static " +
    "super switch this throw true try type typeof undefined var void while yield").split(" "),
);
const CONTROL = new Set(["if", "else", "for", "do", "while", "switch", "case", "default", "try", "catch", "finally", "return", "typeof", "new", "await", "function", "super"]);

/** Lexical pieces of TypeScript source, enough to highlight it and to match its braces. */
type TokenKind = "comment" | "string" | "number" | "word" | "other";

/** Splits source into comments, strings (template literals whole), numbers, words and the rest. */
function tokenize(code: string): { kind: TokenKind; text: string }[] {
  const tokens: { kind: TokenKind; text: string }[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    let j = i + 1;
    let kind: TokenKind = "other";
    if (c === "/" && code[i + 1] === "/") {
      j = code.indexOf("\n", i);
      if (j < 0) j = code.length;
      kind = "comment";
    } else if (c === "/" && code[i + 1] === "*") {
      j = code.indexOf("*/", i + 2);
      j = j < 0 ? code.length : j + 2;
      kind = "comment";
    } else if (c === '"' || c === "'" || c === "`") {
      let depth = 0;
      while (j < code.length) {
        if (code[j] === "\\") j += 2;
        else if (c === "`" && code[j] === "$" && code[j + 1] === "{") (depth++, (j += 2));
        else if (depth > 0 && code[j] === "}") (depth--, j++);
        else if (depth === 0 && code[j] === c) break;
        else if (c !== "`" && code[j] === "\n") break;
        else j++;
      }
      j = Math.min(j + 1, code.length);
      kind = "string";
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(code[i + 1] ?? ""))) {
      while (j < code.length && /[\w.]/.test(code[j])) j++;
      kind = "number";
    } else if (/[A-Za-z_$]/.test(c)) {
      while (j < code.length && /[\w$]/.test(code[j])) j++;
      kind = "word";
    }
    tokens.push({ kind, text: code.slice(i, j) });
    i = j;
  }
  return tokens;
}

/** Lists the .ts files under SOURCE_DIR, relative to it. */
function sourceFiles(dir = SOURCE_DIR, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [`${prefix}${entry.name}`] : [],
  );
}

/**
 * Reads one declaration from the library's source (formatted as the library is: a body ends
 * with its closing brace at the end of a line): `"cbow/model.ts#plainBlock"` is the
 * declaration named `plainBlock` in lib/src/cbow/model.ts (a function, method, class, interface,
 * type or const), with its TSDoc comment; `"cbow/model.ts"` alone is the whole file.
 *
 * @param spec a file under lib/src, then `#` and a declared name
 * @param options whether to include the TSDoc comment
 * @returns the file, line range and code
 * @throws OptionsError for a spec that names no file under lib/src; UnknownKeyError for a name
 *   the file does not declare, naming the closest declarations it has
 * @example
 * sourceOf("ncf/model.ts#predictRows").code; // "/** Predicted ratings … *\/\npredictRows(user, movie) { … }"
 */
export function sourceOf(spec: string, options: SourceOptions = {}): SourceExcerpt {
  if (typeof spec !== "string" || spec.length === 0) throw new OptionsError(`sourceOf: expected "file.ts#name" (a file under lib/src), got ${String(spec)}`);
  const { doc = true } = checkOptions("sourceOf", options, { doc: "boolean" });
  const [file, name] = spec.split("#", 2);
  const full = path.join(SOURCE_DIR, file);
  if (!file.endsWith(".ts") || !fs.existsSync(full)) {
    if (!fs.existsSync(SOURCE_DIR)) throw new OptionsError(`sourceOf: the library's sources are not installed at ${SOURCE_DIR} (the package ships src/ beside dist/)`);
    throw new UnknownKeyError(file, "a source file under lib/src", closestKeys(file, sourceFiles()));
  }
  const lines = fs.readFileSync(full, "utf8").split("\n");
  const shownFile = `src/${file}`;
  if (!name) return { file: shownFile, name: file, startLine: 1, endLine: lines.length, code: lines.join("\n").trimEnd() };

  const declared = new Map<string, number>();
  lines.forEach((line, i) => {
    const m = DECLARATION.exec(line);
    if (m && !CONTROL.has(m[1]) && !line.trimStart().startsWith("//") && !line.trimStart().startsWith("*") && !declared.has(m[1])) declared.set(m[1], i);
  });
  const start = declared.get(name);
  if (start === undefined) throw new UnknownKeyError(name, `declared in ${shownFile}`, closestKeys(name, declared.keys()));

  // The declaration ends where its brackets balance again at the end of a line: after the `}`
  // that closes its body, or after a `;` when it opens none (`type`, `const`).
  const rest = lines.slice(start).join("\n");
  let depth = 0;
  let end = rest.length;
  let at = 0;
  for (const token of tokenize(rest)) {
    at += token.text.length;
    if (token.kind !== "other") continue;
    if ("({[".includes(token.text)) depth++;
    else if (")}]".includes(token.text)) depth--;
    else if (token.text !== ";") continue;
    const lineEnd = rest.indexOf("\n", at);
    const after = rest.slice(at, lineEnd < 0 ? rest.length : lineEnd).trim();
    if (depth === 0 && (token.text === ";" || token.text === "}") && (after === "" || after === ";")) {
      end = at;
      break;
    }
  }
  const endLine = start + rest.slice(0, end).split("\n").length - 1;

  let first = start;
  if (doc) {
    let i = start - 1;
    if (i >= 0 && lines[i].trim().endsWith("*/")) {
      while (i >= 0 && !lines[i].trim().startsWith("/**")) i--;
      if (i >= 0) first = i;
    }
  }
  const shown = lines.slice(first, endLine + 1);
  const indent = Math.min(...shown.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return { file: shownFile, name, startLine: first + 1, endLine: endLine + 1, code: shown.map((l) => l.slice(indent)).join("\n") };
}

const COLOURS: Record<string, string> = {
  comment: "var(--jp-mirror-editor-comment-color, #408080)",
  string: "var(--jp-mirror-editor-string-color, #ba2121)",
  number: "var(--jp-mirror-editor-number-color, #080)",
  keyword: "var(--jp-mirror-editor-keyword-color, #008000)",
};

/**
 * The display bundle of {@link showSource}: highlighted HTML and a text/plain copy.
 *
 * @param spec a file under lib/src, then `#` and a declared name
 * @param options whether to include the TSDoc comment
 * @returns the mime bundle
 */
export function sourceBundle(spec: string, options: SourceOptions = {}): MimeBundle {
  const excerpt = sourceOf(spec, options);
  const html = tokenize(excerpt.code)
    .map(({ kind, text }) => {
      const colour = kind === "word" ? (KEYWORDS.has(text) ? COLOURS.keyword : undefined) : COLOURS[kind];
      const weight = kind === "word" && KEYWORDS.has(text) ? ";font-weight:bold" : "";
      return colour ? `<span style="color:${colour}${weight}">${escapeHtml(text)}</span>` : escapeHtml(text);
    })
    .join("");
  const where = `movie-embeddings/${excerpt.file} · lines ${excerpt.startLine}–${excerpt.endLine}`;
  return {
    "text/html":
      `<div class="me-source"><div style="font-size:85%;opacity:0.75">${escapeHtml(where)}</div>` +
      `<pre style="margin:0.3em 0;padding:0.5em;border-left:3px solid var(--jp-border-color1, #ccc);overflow-x:auto">${html}</pre></div>`,
    "text/plain": `// ${where}\n${excerpt.code}`,
  };
}

/**
 * Shows one declaration of the library's source in the notebook, highlighted, with its file and
 * lines: the code a lesson talks about, read from the library itself rather than copied.
 *
 * @param spec a file under lib/src, then `#` and a declared name, e.g. "cbow/model.ts#plainBlock"
 * @param options whether to include the TSDoc comment (default true)
 * @throws as {@link sourceOf}
 * @example
 * showSource("cbow/model.ts#plainBlock"); // the CBOW forward and backward pass in plain loops
 */
export function showSource(spec: string, options: SourceOptions = {}): void {
  emitDisplay(sourceBundle(spec, options));
}

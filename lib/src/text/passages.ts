/**
 * Splitting a long text into passages that fit a sentence encoder's token window, at sentence
 * boundaries where possible, so no part of the text is cut off.
 */

/** A passage of a longer text and its length in tokens (without [CLS]/[SEP]). */
export interface Passage {
  readonly text: string;
  readonly tokens: number;
}

/** Sentence ends (., !, ? followed by optional quotes/brackets) and line breaks. */
const SENTENCE_END = /(?<=[.!?]["'”’)\]]*)\s+|\n+/;

/**
 * Packs a text's sentences greedily into passages of at most `maxTokens` tokens each. A single
 * sentence longer than that is split between words; a single word longer than that (rare: a
 * very long URL) becomes its own passage and the encoder truncates it.
 *
 * @param text the text
 * @param countTokens how many tokens the encoder's tokenizer makes of a piece of text (no special tokens)
 * @param maxTokens the window, special tokens excluded (256 − 2 for all-MiniLM-L6-v2)
 * @returns the passages in text order (one passage, the whole text, when it fits; none for blank text)
 * @example
 * splitPassages("One. Two. Three.", (s) => s.split(" ").length, 2); // ["One. Two.", "Three."]
 */
export function splitPassages(text: string, countTokens: (piece: string) => number, maxTokens: number): Passage[] {
  const whole = text.trim();
  if (whole === "") return [];
  const wholeTokens = countTokens(whole);
  if (wholeTokens <= maxTokens) return [{ text: whole, tokens: wholeTokens }];

  const pieces: Passage[] = [];
  for (const sentence of whole.split(SENTENCE_END)) {
    const trimmed = sentence.trim();
    if (trimmed === "") continue;
    const tokens = countTokens(trimmed);
    if (tokens <= maxTokens) pieces.push({ text: trimmed, tokens });
    else pieces.push(...splitWords(trimmed, countTokens, maxTokens));
  }
  const passages: Passage[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  for (const piece of pieces) {
    if (current.length > 0 && currentTokens + piece.tokens > maxTokens) {
      passages.push({ text: current.join(" "), tokens: currentTokens });
      current = [];
      currentTokens = 0;
    }
    current.push(piece.text);
    currentTokens += piece.tokens;
  }
  if (current.length > 0) passages.push({ text: current.join(" "), tokens: currentTokens });
  return passages;
}

function splitWords(sentence: string, countTokens: (piece: string) => number, maxTokens: number): Passage[] {
  const out: Passage[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  for (const word of sentence.split(/\s+/)) {
    const tokens = countTokens(word);
    if (current.length > 0 && currentTokens + tokens > maxTokens) {
      out.push({ text: current.join(" "), tokens: currentTokens });
      current = [];
      currentTokens = 0;
    }
    current.push(word);
    currentTokens += tokens;
  }
  if (current.length > 0) out.push({ text: current.join(" "), tokens: currentTokens });
  return out;
}

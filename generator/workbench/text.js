// @ts-check
/**
 * Python's rules for text, which the other modules need to give the same results as the
 * Python code: code-point order, str.strip()'s whitespace, repr() of a str, and the Unicode
 * decimal digits that Python's `\d` and int() accept.
 *
 * JavaScript strings are UTF-16; Python's are code points. Everything here works on code
 * points, so offsets, lengths and orders agree with Python for any text.
 * @module
 */

/**
 * Python's str.isspace() (and `\s` in a str pattern): what str.strip() removes.
 * JavaScript's trim() differs: it keeps \x1c-\x1f and \x85, and removes \ufeff.
 */
const PY_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** @type {RegExp} */
const DIGIT = /^\p{Nd}$/u;

/** Not printable for Python's repr(): other (Cc Cf Cs Co Cn) and separators (Zs Zl Zp). */
const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u;

/**
 * Compare two strings by code point, as Python compares str (JavaScript's `<` compares UTF-16
 * units, which orders U+E000..U+FFFF after astral characters; Python puts them before).
 * @param {string} a
 * @param {string} b
 * @returns {-1 | 0 | 1}
 */
export function compareText(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = /** @type {number} */ (a.codePointAt(i));
    const y = /** @type {number} */ (b.codePointAt(j));
    if (x !== y) {
      return x < y ? -1 : 1;
    }
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  if (restA === restB) {
    return 0;
  }
  return restA < restB ? -1 : 1;
}

/**
 * The text's code points, one string each (Python's indexing unit).
 * @param {string} text
 * @returns {string[]}
 */
export function codePoints(text) {
  return Array.from(text);
}

/**
 * Whether one code point is whitespace for Python (str.isspace, `\s`).
 * @param {string} character
 * @returns {boolean}
 */
export function isSpace(character) {
  return PY_SPACE.test(character);
}

/**
 * Python's str.strip() with no argument.
 * @param {string} text
 * @returns {string}
 */
export function strip(text) {
  let start = 0;
  let end = text.length;
  // Every Python whitespace character is in the BMP, so UTF-16 units are enough here.
  while (start < end && PY_SPACE.test(text[start])) {
    start += 1;
  }
  while (end > start && PY_SPACE.test(text[end - 1])) {
    end -= 1;
  }
  return text.slice(start, end);
}

/**
 * Whether one code point is a decimal digit for Python (`\d` in a str pattern, int()).
 * @param {string | undefined} character
 * @returns {boolean}
 */
export function isDigit(character) {
  return character !== undefined && DIGIT.test(character);
}

/**
 * The value of one decimal digit, in any script ('7', '٧', '７' -> 7).
 * Unicode keeps each script's digits 0 to 9 contiguous and in order, in runs of ten, so a
 * digit's value is its distance from the start of its run of digits, modulo ten.
 * @param {string} character
 * @returns {number}
 */
export function digitValue(character) {
  const point = /** @type {number} */ (character.codePointAt(0));
  if (point >= 0x30 && point <= 0x39) {
    return point - 0x30;
  }
  let start = point;
  while (DIGIT.test(String.fromCodePoint(start - 1))) {
    start -= 1;
  }
  return (point - start) % 10;
}

/**
 * Python's int() of a sign and decimal digits in any script ('-٤٢' -> -42). Never -0.
 * Beyond 2**53 the result is the nearest double, where Python's int stays exact.
 * @param {string} text
 * @returns {number}
 */
export function parseDecimal(text) {
  let ascii = "";
  for (const character of text) {
    ascii += isDigit(character) ? String(digitValue(character)) : character;
  }
  return Number(ascii) + 0; // + 0 turns -0 into 0
}

/**
 * @param {number} point
 * @param {number} width
 * @returns {string}
 */
function hex(point, width) {
  return point.toString(16).padStart(width, "0");
}

/**
 * Python's repr() of a str: quoted with ' (or " when the text holds ' and no "), with
 * backslash escapes for what is not printable.
 * @param {string} text
 * @returns {string}
 */
export function repr(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const character of text) {
    const point = /** @type {number} */ (character.codePointAt(0));
    if (character === quote || character === "\\") {
      out += "\\" + character;
    } else if (character === "\t") {
      out += "\\t";
    } else if (character === "\n") {
      out += "\\n";
    } else if (character === "\r") {
      out += "\\r";
    } else if (point < 0x20 || point === 0x7f) {
      out += "\\x" + hex(point, 2);
    } else if (point < 0x7f) {
      out += character;
    } else if (!NOT_PRINTABLE.test(character)) {
      out += character;
    } else if (point <= 0xff) {
      out += "\\x" + hex(point, 2);
    } else if (point <= 0xffff) {
      out += "\\u" + hex(point, 4);
    } else {
      out += "\\U" + hex(point, 8);
    }
  }
  return out + quote;
}

/**
 * Python's str.split() with no argument: the words between runs of whitespace.
 * @param {string} text
 * @returns {string[]}
 */
export function splitWords(text) {
  /** @type {string[]} */
  const words = [];
  let word = "";
  for (const character of text) {
    if (PY_SPACE.test(character)) {
      if (word !== "") {
        words.push(word);
      }
      word = "";
    } else {
      word += character;
    }
  }
  if (word !== "") {
    words.push(word);
  }
  return words;
}
